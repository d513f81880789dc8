import type { ReactNode } from 'react'
import * as Tabs from '@radix-ui/react-tabs'

export type AppTab = 'resources' | 'parameters'

/** The app page's tabs (Radix Tabs: arrow keys move between them); only the open tab's content is on the page. */
export function AppTabs({ tab, onTab, resources, parameters }: { tab: AppTab; onTab(tab: AppTab): void; resources: ReactNode; parameters: ReactNode }) {
  return (
    <Tabs.Root className="app-tabs" value={tab} onValueChange={(v) => onTab(v as AppTab)} activationMode="manual">
      <Tabs.List className="app-tab-list" aria-label="Application views">
        <Tabs.Trigger value="resources">Resources</Tabs.Trigger>
        <Tabs.Trigger value="parameters">Parameters</Tabs.Trigger>
      </Tabs.List>
      <Tabs.Content value="resources">{resources}</Tabs.Content>
      <Tabs.Content value="parameters">{parameters}</Tabs.Content>
    </Tabs.Root>
  )
}
