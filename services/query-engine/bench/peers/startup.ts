// The fixed cost every peer pays before its first byte of work: node, the tsx loader, this module.
import { args, report } from './common';

args();
report({ lines: 0 }, performance.now());
