import type { Rule } from '../types.ts';
import { rule as ch401 } from './ch401-secret-in-environment.ts';
import { rule as ch402 } from './ch402-credentials-in-urls.ts';
import { rule as ch403 } from './ch403-secrets-in-env-file.ts';
import { rule as ch404 } from './ch404-secrets-in-build-args.ts';
import { rule as ch405 } from './ch405-secrets-in-labels-and-commands.ts';
import { rule as ch406 } from './ch406-weak-credentials.ts';
import { rule as ch407 } from './ch407-secret-source-hygiene.ts';

/** The 4xx rules, sorted by id. */
export const secretRules: Rule[] = [ch401, ch402, ch403, ch404, ch405, ch406, ch407];
