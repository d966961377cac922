/** "2026-12" moved by `step` months: shiftMonth('2026-12', 1) is '2027-01'. */
export function shiftMonth(month, step) {
  const [year, number] = month.split('-').map(Number)
  const index = year * 12 + (number - 1) + step
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`
}
