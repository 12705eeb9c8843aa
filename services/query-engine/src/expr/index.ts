export * from './ast.ts';
export * from './builder.ts';
export * from './errors.ts';
export { inferType, concreteType } from './infer.ts';
export { evaluate, evaluateColumn, selection, type EvalContext } from './eval.ts';
export { addOffset } from './kernels/cumsum.ts';
