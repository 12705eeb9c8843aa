export { Channel, Closed } from './channel.ts';
export { Linearizer } from './linearizer.ts';
export { TaskGroup } from './waitgroup.ts';
export { WorkerPool, WorkerCrash, RemoteError, poolOfSize, shutdownPools } from './pool.ts';
export { runPipeline, type ExecOptions } from './run.ts';
export { buildPipeline, type Pipeline, type Segment } from './physical.ts';
