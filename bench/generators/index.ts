import type { GeneratorStep } from './context.js';
import { meetingsStep } from './meetings.js';
import { orgsStep } from './orgs.js';
import { peopleStep } from './people.js';
import { tasksStep } from './tasks.js';
import { usersStep } from './users.js';

/**
 * Every step of `npm run bench:data`, in order. A module that needs benchmark data adds its step
 * here (one line), after the steps whose ids it uses (e.g. tasks after people, meetings after tasks).
 */
export const STEPS: readonly GeneratorStep[] = [orgsStep, peopleStep, usersStep, tasksStep, meetingsStep];
