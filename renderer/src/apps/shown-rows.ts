import { memo as tableMemo, type RowModel, type Table } from '@tanstack/react-table'
import type { AppSummary } from '../../../shared/api'

/**
 * Which apps the list shows (filter.ts appMatcher), as the table's global filter holds it (in an
 * object: TanStack takes a function given to setGlobalFilter for an updater).
 */
export interface Shows {
  shows(app: AppSummary): boolean
}

/**
 * The table's filtered row model: the core model's rows (the apps, sorted) that the list's
 * filters show, in their order. The rows are the core model's own objects, so a keystroke in the
 * search builds no rows and no cells (TanStack's core model would build 1,000 rows again for a
 * new data array), and the row components of apps still shown are not rendered again. "Select
 * all" and the selected rows (getFilteredSelectedRowModel) are the shown ones.
 */
export const shownRowModel = (table: Table<AppSummary>): (() => RowModel<AppSummary>) =>
  tableMemo(
    () => [table.getPreFilteredRowModel(), table.getState().globalFilter as Shows | undefined],
    (model, shows) => {
      if (!shows) return model
      const rows = model.rows.filter((row) => shows.shows(row.original))
      const rowsById: RowModel<AppSummary>['rowsById'] = {}
      for (const row of rows) rowsById[row.id] = row
      return { rows, flatRows: rows, rowsById }
    },
    { key: 'shownRows' },
  )
