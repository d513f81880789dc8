import { flexRender, type Cell, type Header, type Table } from '@tanstack/react-table'
import { useVirtualizer } from '@tanstack/react-virtual'
import { ArrowDown, ArrowUp, ArrowUpDown } from 'lucide-react'
import { useRef, type CSSProperties } from 'react'
import type { AppSummary } from '../../../shared/api'
import { widthOf } from './app-columns'

const ariaSort = { asc: 'ascending', desc: 'descending' } as const

/**
 * A cell's content, its column's cell function called as a function: flexRender would mount each
 * cell as a component of its own (nine per row, all re-rendered on every keystroke of the
 * search), which doubled the filter's time with 1,000 apps. The cell functions use no hooks.
 */
const cellContent = (cell: Cell<AppSummary, unknown>) => {
  const render = cell.column.columnDef.cell
  return typeof render === 'function' ? render(cell.getContext()) : render
}

/** The apps as a table: sortable column headers, and only the rows on screen rendered (virtualized for thousands). */
export function AppTable({ table }: { table: Table<AppSummary> }) {
  const parent = useRef<HTMLDivElement>(null)
  const rows = table.getRowModel().rows
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => parent.current, estimateSize: () => 36, overscan: 12 })
  // The grid's columns, set once on the table (styles.css: .app-table .row) rather than on each row.
  const columns = { '--app-columns': widthOf(table) } as CSSProperties
  return (
    <div className="table app-table" role="table" aria-label="Applications table" aria-rowcount={rows.length + 1} style={columns}>
      <div className="row head" role="row">
        {table.getHeaderGroups()[0]!.headers.map((header) => (
          <HeaderCell key={header.id} header={header} />
        ))}
      </div>
      <div className="rows" ref={parent} role="rowgroup">
        <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {virtual.getVirtualItems().map((item) => {
            const row = rows[item.index]!
            return (
              <div key={row.id} className={`row${row.getIsSelected() ? ' selected' : ''}`} role="row" aria-rowindex={item.index + 2} aria-selected={row.getIsSelected()} style={{ position: 'absolute', top: 0, transform: `translateY(${item.start}px)`, width: '100%' }} data-app={row.id}>
                {row.getVisibleCells().map((cell) => (
                  <span role="cell" key={cell.id}>
                    {cellContent(cell)}
                  </span>
                ))}
              </div>
            )
          })}
        </div>
      </div>
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
