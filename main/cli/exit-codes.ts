/** Exit codes, as kubectl diff uses them: 0 fine, 1 a finding (OutOfSync, Failed), 2 an error. */
export const exitCodes = { ok: 0, finding: 1, error: 2 } as const

/** What the command that ran found; main() returns it (commander ignores action results). */
export const outcome = { code: exitCodes.ok as number }
