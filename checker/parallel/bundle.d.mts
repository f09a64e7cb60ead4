// Types of bundle.mjs (plain JavaScript, loaded by worker threads without a TypeScript loader).
export declare const MAIN: string;
export declare const REGISTRY: string;
export declare function enabled(): boolean;
export declare function modelFile(target: string): string | undefined;
export declare function workerBundle(files: readonly string[], options?: { build?: boolean }): Promise<{ main: string; pool: string; worker: string } | undefined>;
