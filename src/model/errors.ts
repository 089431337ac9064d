import { formatLoc, type Loc } from './loc.ts';

/** A problem with the user's input: reported as one located line, exit code 2, never a stack trace. */
export class InputError extends Error {
  readonly loc?: Loc;
  readonly problems: InputProblem[];
  constructor(message: string, loc?: Loc, problems?: InputProblem[]) {
    super(message);
    this.name = 'InputError';
    this.loc = loc;
    this.problems = problems ?? [{ message, loc }];
  }
  /** One line per problem: `file:line:col: message` (or just the message when no place is known). */
  lines(cwd?: string): string[] {
    return this.problems.map((p) => formatProblem(p, cwd));
  }
}

export interface InputProblem {
  message: string;
  loc?: Loc;
}

export function formatProblem(p: InputProblem, cwd?: string): string {
  const where = formatLoc(p.loc, cwd);
  return where ? `${where}: ${p.message}` : p.message;
}

/** Several problems found at once (a file gives every error it has, not only the first). */
export function inputErrors(problems: InputProblem[]): InputError {
  const first = problems[0] ?? { message: 'invalid input' };
  return new InputError(first.message, first.loc, problems);
}
