import type { Cell, Header, Row, RowSelectionState, SortingState, Table } from '@tanstack/react-table'
import { flexRender } from '@tanstack/react-table'
import { useVirtualizer } from '@tanstack/react-virtual'
import { ArrowDown, ArrowUp, ArrowUpDown } from 'lucide-react'
import { memo, useMemo, useRef, type CSSProperties } from 'react'
import type { AppSummary } from '../../../shared/api'
import { cellTitle, listMeta, widthOf } from './app-columns'

const ariaSort = { asc: 'ascending', desc: 'descending' } as const

interface Props {
  table: Table<AppSummary>
  /** The shown rows, in order (the table's row model). */
  rows: Row<AppSummary>[]
  /** The table's sort and selection (the header and the rows read them through the table). */
  sorting: SortingState
  rowSelection: RowSelectionState
}

/** The apps as a table: sortable column headers, and only the rows on screen rendered (virtualized for thousands). */
export function AppTable({ table, rows, sorting, rowSelection }: Props) {
  const parent = useRef<HTMLDivElement>(null)
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => parent.current, estimateSize: () => 36, overscan: 12 })
  const { favourites } = listMeta(table)
  // The grid's columns, set once on the table (styles.css: .app-table .row) rather than on each row.
  const columns = useMemo(() => ({ '--app-columns': widthOf(table) }) as CSSProperties, [table])
  // The header reads the sort (its arrows) and whether all or some shown rows are selected (select-all): rendered again when one changes, not per keystroke.
  const all = table.getIsAllRowsSelected()
  const some = table.getIsSomeRowsSelected()
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the header reads these through the table
  const head = useMemo(() => <HeaderRow headers={table.getHeaderGroups()[0]!.headers} />, [table, sorting, all, some])
  return (
    <div className="table app-table" role="table" aria-label="Applications table" aria-rowcount={rows.length + 1} style={columns}>
      {head}
      <div className="rows" ref={parent} role="rowgroup">
        <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {virtual.getVirtualItems().map((item) => {
            const row = rows[item.index]!
            const selected = !!rowSelection[row.id]
            return (
              <div key={row.id} className={selected ? 'row selected' : 'row'} role="row" aria-rowindex={item.index + 2} aria-selected={selected} style={{ transform: `translateY(${item.start}px)` }} data-app={row.id}>
                <RowCells row={row} selected={selected} favourite={favourites.has(row.id)} />
              </div>
            )
          })}
        </div>
      </div>
    </div>
  )
}

/**
 * A row's cells, rendered again only when its app (a new row: a status event, a sort), its
 * selection or its star changes; a row that stays on screen while the search is typed or the
 * list scrolls is only moved. Each cell is its column's cell function called as a function:
 * flexRender would mount a component per cell. The cell functions use no hooks.
 */
const RowCells = memo(function RowCells({ row }: { row: Row<AppSummary>; selected: boolean; favourite: boolean }) {
  return row.getVisibleCells().map((cell) => (
    <span role="cell" key={cell.id} title={cellTitle(cell)}>
      {cellContent(cell)}
    </span>
  ))
})

const cellContent = (cell: Cell<AppSummary, unknown>) => {
  const render = cell.column.columnDef.cell
  return typeof render === 'function' ? render(cell.getContext()) : render
}

function HeaderRow({ headers }: { headers: Header<AppSummary, unknown>[] }) {
  return (
    <div className="row head" role="row">
      {headers.map((header) => (
        <HeaderCell key={header.id} header={header} />
      ))}
    </div>
  )
}

/** A column's header: a button that cycles ascending, descending, unsorted; aria-sort says which. */
function HeaderCell({ header }: { header: Header<AppSummary, unknown> }) {
  const content = flexRender(header.column.columnDef.header, header.getContext())
  if (!header.column.getCanSort()) return <span role="columnheader">{content}</span>
  const sorted = header.column.getIsSorted()
  const Icon = sorted === 'asc' ? ArrowUp : sorted === 'desc' ? ArrowDown : ArrowUpDown
  return (
    <span role="columnheader" aria-sort={sorted ? ariaSort[sorted] : 'none'}>
      <button className="sort" onClick={header.column.getToggleSortingHandler()}>
        {content}
        <Icon size={12} aria-hidden="true" className={sorted ? undefined : 'muted'} />
      </button>
    </span>
  )
}
