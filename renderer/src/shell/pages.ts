import { lazy } from 'react'

/**
 * The pages besides the list, each a chunk of its own loaded when first opened: the list's first
 * render (the page most launches show) parses and runs none of their code, nor the libraries
 * only they use (the bundle is not minified). App.tsx shows them inside a Suspense boundary.
 */
export const AppDetails = lazy(() => import('../app-details/AppDetails').then((m) => ({ default: m.AppDetails })))
export const AppEditor = lazy(() => import('../apps/AppEditor').then((m) => ({ default: m.AppEditor })))
export const DiffView = lazy(() => import('../diff/DiffView').then((m) => ({ default: m.DiffView })))
export const SettingsPage = lazy(() => import('../settings/SettingsPage').then((m) => ({ default: m.SettingsPage })))
export const AppSetsPage = lazy(() => import('../appsets/AppSetsPage').then((m) => ({ default: m.AppSetsPage })))
export const ClustersPage = lazy(() => import('../clusters/ClustersPage').then((m) => ({ default: m.ClustersPage })))
export const ProjectsPage = lazy(() => import('../projects/ProjectsPage').then((m) => ({ default: m.ProjectsPage })))
export const ReposPage = lazy(() => import('../repos/ReposPage').then((m) => ({ default: m.ReposPage })))
export const CommandPalette = lazy(() => import('../clusters/CommandPalette').then((m) => ({ default: m.CommandPalette })))
