// The fixed cost every peer pays before its first byte of work: node starting this (bundled) module.
import { args, report } from './common';

args();
report({ lines: 0 }, performance.now());
