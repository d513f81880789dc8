/** "1 app", "2 apps": a count with its noun, singular for one. */
export const plural = (count: number, noun: string, many = `${noun}s`): string => `${count} ${count === 1 ? noun : many}`
