import { flexRender, type Header, type Table } from '@tanstack/react-table'
import { useVirtualizer } from '@tanstack/react-virtual'
import { ArrowDown, ArrowUp, ArrowUpDown } from 'lucide-react'
import { useRef } from 'react'
import type { AppSummary } from '../../../shared/api'
import { widthOf } from './app-columns'

const ariaSort = { asc: 'ascending', desc: 'descending' } as const

/** The apps as a table: sortable column headers, and only the rows on screen rendered (virtualized for thousands). */
export function AppTable({ table }: { table: Table<AppSummary> }) {
  const parent = useRef<HTMLDivElement>(null)
  const rows = table.getRowModel().rows
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => parent.current, estimateSize: () => 36, overscan: 12 })
  const columns = { gridTemplateColumns: widthOf(table) }
  return (
    <div className="table app-table" role="table" aria-label="Applications table" aria-rowcount={rows.length + 1}>
      <div className="row head" role="row" style={columns}>
        {table.getHeaderGroups()[0]!.headers.map((header) => (
          <HeaderCell key={header.id} header={header} />
        ))}
      </div>
      <div className="rows" ref={parent} role="rowgroup">
        <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {virtual.getVirtualItems().map((item) => {
            const row = rows[item.index]!
            return (
              <div key={row.id} className={`row${row.getIsSelected() ? ' selected' : ''}`} role="row" aria-rowindex={item.index + 2} aria-selected={row.getIsSelected()} style={{ ...columns, position: 'absolute', top: 0, transform: `translateY(${item.start}px)`, width: '100%' }} data-app={row.id}>
                {row.getVisibleCells().map((cell) => (
                  <span role="cell" key={cell.id}>
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
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
