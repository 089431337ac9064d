import type { Rule } from '../types.ts';
import { rule as ch501 } from './ch501-port-on-all-interfaces.ts';
import { rule as ch502 } from './ch502-unneeded-published-port.ts';
import { rule as ch503 } from './ch503-privileged-host-port.ts';
import { rule as ch504 } from './ch504-no-network-segmentation.ts';
import { rule as ch505 } from './ch505-legacy-bridge-or-links.ts';

/** The 5xx rules, sorted by id. */
export const networkRules: Rule[] = [ch501, ch502, ch503, ch504, ch505];
