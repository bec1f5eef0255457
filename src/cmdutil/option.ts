import type { Option as TypedOption } from '@commander-js/extra-typings';
import { Option as CommanderOption } from 'commander';

/**
 * commander's Option under the types of @commander-js/extra-typings, so an `addOption(new Option(…))`
 * is typed like an `.option()` call (choices become a union). Taken from commander itself rather than
 * from extra-typings, whose module also builds a program object on load.
 */
export const Option = CommanderOption as unknown as typeof TypedOption;
