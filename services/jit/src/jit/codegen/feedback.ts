// V8 allocates a function's feedback vector lazily, after it has run a while. A trace's first call
// runs its entry code before that, so the entry's loads and arithmetic have no feedback when V8
// first optimises the whole function (after OSR in that first call): the optimised code then
// deoptimises on its next call ("insufficient type feedback"), and depending on timing V8 may not
// optimise it again, leaving every later call to enter the loop through OSR code, whose loop
// variables stay tagged. add64 ran in 0.21 or 0.42 s from one run to the next. Allocating feedback
// vectors at a function's first call removes the first deoptimisation. V8 has no per-function
// switch, so this is for the process (functions created afterwards), like heap.ts's setting.
import { setFlagsFromString } from 'node:v8';

let done = false;

export function eagerFeedback(): void {
  if (done) return;
  done = true;
  setFlagsFromString('--no-lazy-feedback-allocation');
}
