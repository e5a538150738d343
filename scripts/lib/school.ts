/**
 * A school as the operator's commands print it: its Russian and Kazakh names (operators read
 * either language; one name when both are the same) and its BIN — what staff:invite was given,
 * never the database's id.
 */
export function schoolLabel(school: { nameRu: string; nameKk: string; bin: string }): string {
  const names = school.nameRu === school.nameKk ? school.nameRu : `${school.nameRu} / ${school.nameKk}`;
  return `${names} (${school.bin})`;
}
