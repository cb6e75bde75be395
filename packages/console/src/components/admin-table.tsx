import type { ReactNode } from 'react';

/** One column of an admin list: its header, and the cell each row shows under it. */
export interface AdminColumn<T> {
  header: string;
  /** Classes of the cell (e.g. `mono`, `cell-strong`). */
  className?: string;
  cell: (item: T) => ReactNode;
}

interface AdminTableProps<T> {
  /** `null` while the first load is under way (or failed: the page shows that error). */
  items: readonly T[] | null;
  loadError: string | null;
  /** e.g. "Loading phones…". */
  loadingText: string;
  /** What an empty list says, e.g. "No phones yet.". */
  emptyText: ReactNode;
  columns: readonly AdminColumn<T>[];
  rowKey: (item: T) => string | number;
  /** Classes of a row, e.g. `row-disabled` for a disabled record. */
  rowClassName?: (item: T) => string | undefined;
  /** `data-*` attributes of a row. */
  rowData?: (item: T) => Record<`data-${string}`, string>;
  /** The last cell's buttons; without it the list has no actions column. */
  actions?: (item: T) => ReactNode;
  /** Extra classes of the table (e.g. `board-table`). */
  tableClassName?: string;
}

/**
 * The list of an admin screen: loading and empty states, then a table whose cells carry their
 * column's name as `data-label` (the narrow layout shows it beside the value).
 */
export function AdminTable<T>(props: AdminTableProps<T>) {
  const { items, loadError, loadingText, emptyText, columns, rowKey, rowClassName, rowData, actions } = props;
  if (items === null) return loadError ? null : <p className="muted">{loadingText}</p>;
  if (items.length === 0) return <p className="empty">{emptyText}</p>;
  return (
    <div className="table-wrap">
      <table className={props.tableClassName ? `data-table ${props.tableClassName}` : 'data-table'}>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.header} scope="col">
                {column.header}
              </th>
            ))}
            {actions ? (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={rowKey(item)} className={rowClassName?.(item)} {...rowData?.(item)}>
              {columns.map((column) => (
                <td key={column.header} data-label={column.header} className={column.className}>
                  {column.cell(item)}
                </td>
              ))}
              {actions ? <td className="cell-actions">{actions(item)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
