import { parseSelector, SelectorError, type Selector } from '../labels';
import { badRequest } from './errors';

/** The `selector` query parameter, parsed; a malformed one is a 400 naming it. */
export function selectorParam(text: string | undefined): Selector {
  try {
    return parseSelector(text ?? '');
  } catch (err) {
    if (!(err instanceof SelectorError)) throw err;
    throw badRequest(`invalid label selector: ${err.message}`, [{ field: 'selector', problem: err.message }]);
  }
}
