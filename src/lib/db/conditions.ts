/**
 * Builds a WHERE clause and its numbered parameters together, so a condition's `?` always gets the
 * number of the value added with it.
 */
export class Conditions {
  readonly params: unknown[] = [];
  private readonly clauses: string[] = [];

  /** Adds `sql` with every `?` standing for `value`. */
  add(sql: string, value: unknown): this {
    this.clauses.push(sql.replaceAll('?', this.param(value)));
    return this;
  }

  /** A condition without a value (or with parameters made by param()). */
  raw(sql: string): this {
    this.clauses.push(sql);
    return this;
  }

  /** Registers a value and returns its placeholder, e.g. `$3`. */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  /** `WHERE a AND b`, or '' when there are no conditions. */
  where(): string {
    return this.clauses.length ? `WHERE ${this.clauses.join(' AND ')}` : '';
  }
}
