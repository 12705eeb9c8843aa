export { compile } from './compiler.ts';
export * from './opcodes.ts';
export type { Proto, UpvalDesc, LocVar } from './proto.ts';
