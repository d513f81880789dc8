import type { Header, Table } from '@tanstack/react-table'
import { useVirtualizer } from '@tanstack/react-virtual'
import { ArrowDown, ArrowUp, ArrowUpDown } from 'lucide-react'
import { memo, useRef, type CSSProperties } from 'react'
import type { AppSummary } from '../../../shared/api'
import { listColumns, listGrid, type ListColumn, type RowActions } from './app-columns'

const ariaSort = { asc: 'ascending', desc: 'descending' } as const
// The grid's columns, set once on the table (styles.css: .app-table .row) rather than on each row.
const gridStyle = { '--app-columns': listGrid } as CSSProperties

interface Props {
  /** The column headers and the sort. */
  table: Table<AppSummary>
  /** The shown apps, in order. */
  apps: AppSummary[]
  selection: ReadonlySet<string>
  favourites: ReadonlySet<string>
  /** Stable: the rows call it when clicked. */
  actions: RowActions
  /** Select-all's state over the shown apps, and its change. */
  allSelected: boolean
  someSelected: boolean
  onSelectAll(selected: boolean): void
}

/** The apps as a table: sortable column headers, and only the rows on screen rendered (virtualized for thousands). */
export function AppTable(props: Props) {
  const parent = useRef<HTMLDivElement>(null)
  const { apps, selection, favourites, actions } = props
  const virtual = useVirtualizer({ count: apps.length, getScrollElement: () => parent.current, estimateSize: () => 36, overscan: 12 })
  return (
    <div className="table app-table" role="table" aria-label="Applications table" aria-rowcount={apps.length + 1} style={gridStyle}>
      <HeaderRow headers={props.table.getHeaderGroups()[0]!.headers} sorting={props.table.getState().sorting} allSelected={props.allSelected} someSelected={props.someSelected} onSelectAll={props.onSelectAll} />
      <div className="rows" ref={parent} role="rowgroup">
        <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {virtual.getVirtualItems().map((item) => {
            const app = apps[item.index]!
            const selected = selection.has(app.name)
            return (
              <div key={app.name} className={selected ? 'row selected' : 'row'} role="row" aria-rowindex={item.index + 2} aria-selected={selected} style={{ transform: `translateY(${item.start}px)` }} data-app={app.name}>
                <RowCells app={app} selected={selected} favourite={favourites.has(app.name)} actions={actions} />
              </div>
            )
          })}
        </div>
      </div>
    </div>
  )
}

/**
 * A row's cells, rendered again only when its app (a status event makes a new summary), its
 * selection or its star changes: a row that stays on screen while the search is typed or the
 * list scrolls is only moved.
 */
const RowCells = memo(function RowCells({ app, selected, favourite, actions }: { app: AppSummary; selected: boolean; favourite: boolean; actions: RowActions }) {
  const row = { selected, favourite }
  return listColumns.map((column) => (
    <span role="cell" key={column.id} title={column.title?.(app)}>
      {column.cell(app, row, actions)}
    </span>
  ))
})

interface HeaderProps {
  headers: Header<AppSummary, unknown>[]
  /** What the header shows: the sort (read through the headers) and select-all. */
  sorting: unknown
  allSelected: boolean
  someSelected: boolean
  onSelectAll(selected: boolean): void
}

/** The column headers; rendered again when the sort or select-all changes, not per keystroke. */
const HeaderRow = memo(function HeaderRow({ headers, allSelected, someSelected, onSelectAll }: HeaderProps) {
  return (
    <div className="row head" role="row">
      {headers.map((header) => {
        const column = header.column.columnDef.meta as ListColumn
        if (column.id === 'select')
          return (
            <span role="columnheader" key={header.id}>
              <input type="checkbox" aria-label="Select all shown applications" checked={allSelected} ref={(box) => void (box && (box.indeterminate = someSelected && !allSelected))} onChange={(e) => onSelectAll(e.target.checked)} />
            </span>
          )
        if (!column.sortable)
          return (
            <span role="columnheader" key={header.id}>
              <span className="visually-hidden">{column.header}</span>
            </span>
          )
        return <SortHeader key={header.id} header={header} label={column.header} />
      })}
    </div>
  )
})

/** A column's header: a button that cycles ascending, descending, unsorted; aria-sort says which. */
function SortHeader({ header, label }: { header: Header<AppSummary, unknown>; label: string }) {
  const sorted = header.column.getIsSorted()
  const Icon = sorted === 'asc' ? ArrowUp : sorted === 'desc' ? ArrowDown : ArrowUpDown
  return (
    <span role="columnheader" aria-sort={sorted ? ariaSort[sorted] : 'none'}>
      <button className="sort" onClick={header.column.getToggleSortingHandler()}>
        {label}
        <Icon size={12} aria-hidden="true" className={sorted ? undefined : 'muted'} />
      </button>
    </span>
  )
}
