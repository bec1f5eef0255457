/** The shells `atl completion` writes a script for (kept apart so the eager command file loads nothing else). */
export const SHELLS = ['bash', 'zsh', 'fish', 'powershell'] as const;
export type Shell = (typeof SHELLS)[number];
