import type { ReactNode } from 'react';

export interface Column<T> {
  header: string;
  /** Right-aligned, for counts and durations. */
  numeric?: boolean;
  cell(row: T): ReactNode;
}

interface DataTableProps<T> {
  /** Read by screen readers only; the visible heading sits above the table. */
  caption: string;
  /** The first column heads its row, so screen readers name each cell by it. */
  columns: Column<T>[];
  rows: T[];
  rowKey(row: T): string;
  /**
   * The table may be wider than the page (many columns): its scrolling box becomes a region named by
   * the caption that takes focus, so it can be scrolled with the keyboard.
   */
  wide?: boolean;
}

/** A responsive KERN table described by its columns. */
export function DataTable<T>({ caption, columns, rows, rowKey, wide }: DataTableProps<T>) {
  const [rowHeader, ...cells] = columns;
  const classOf = (column: Column<T>, kind: 'header' | 'cell') =>
    `kern-table__${kind}${column.numeric ? ` kern-table__${kind}--numeric` : ''}`;
  return (
    <div
      className="kern-table-responsive"
      {...(wide ? { role: 'region', 'aria-label': caption, tabIndex: 0 } : {})}
    >
      <table className="kern-table">
        <caption className="kern-sr-only">{caption}</caption>
        <thead>
          <tr className="kern-table__row">
            {columns.map((column) => (
              <th key={column.header} scope="col" className={classOf(column, 'header')}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="kern-table__body">
          {rows.map((row) => (
            <tr key={rowKey(row)} className="kern-table__row">
              {rowHeader ? (
                <th scope="row" className="kern-table__header">
                  {rowHeader.cell(row)}
                </th>
              ) : null}
              {cells.map((column) => (
                <td key={column.header} className={classOf(column, 'cell')}>
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
