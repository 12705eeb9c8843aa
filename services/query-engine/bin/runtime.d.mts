export declare const engineRuntime: Readonly<{
  env: Readonly<Record<string, string>>;
  nodeArgs: readonly string[];
}>;
