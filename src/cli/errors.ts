import { InputError } from '../model/errors.ts';

/** Bad flags: exit code 2 like any other bad input. */
export function usageError(message: string): InputError {
  return new InputError(message);
}
