/** The suite's results, one row per integration × store and one column per scenario. */
export type Outcome = 'pass' | 'FAIL' | 'n/a' | 'skip';

const SYMBOL: Record<Outcome, string> = { pass: '✓', FAIL: '✗', 'n/a': 'n/a', skip: '-' };

export class ResultMatrix {
  readonly #rows = new Map<string, Map<string, Outcome>>();
  /** Why a cell is not applicable, printed under the table: a cell without a test must say why. */
  readonly #reasons: string[] = [];

  constructor(private readonly columns: readonly string[]) {}

  /** Rows are listed in the order they are added. */
  addRow(row: string): void {
    if (!this.#rows.has(row)) this.#rows.set(row, new Map());
  }

  record(row: string, column: string, outcome: Outcome): void {
    const cells = this.#rows.get(row) ?? new Map<string, Outcome>();
    this.#rows.set(row, cells);
    cells.set(column, outcome);
  }

  /** A scenario that does not apply to a row: no test runs, and the reason is listed with the table. */
  notApplicable(row: string, column: string, reason: string): void {
    this.record(row, column, 'n/a');
    this.#reasons.push(`n/a  ${row}, ${column}: ${reason}`);
  }

  /** A fixed-width table: the scenarios numbered as columns, their titles listed below. */
  render(): string {
    const rowWidth = Math.max(...[...this.#rows.keys()].map((row) => row.length), 0);
    const header = `${''.padEnd(rowWidth)}  ${this.columns.map((_, index) => String(index + 1).padStart(3)).join(' ')}`;
    const lines = [...this.#rows].map(
      ([row, cells]) =>
        `${row.padEnd(rowWidth)}  ${this.columns.map((column) => SYMBOL[cells.get(column) ?? 'skip'].padStart(3)).join(' ')}`,
    );
    const legend = this.columns.map((column, index) => `${String(index + 1).padStart(3)}  ${column}`);
    return [header, ...lines, '', ...legend, ...(this.#reasons.length ? ['', ...this.#reasons] : [])].join(
      '\n',
    );
  }
}
