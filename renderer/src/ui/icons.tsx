import {
  Activity,
  Ban,
  Box,
  Boxes,
  CalendarClock,
  CircleAlert,
  CircleCheck,
  CircleDashed,
  CircleQuestionMark,
  CircleX,
  Clock,
  Cog,
  Container,
  Copy,
  Database,
  Diamond,
  FileText,
  Folder,
  Globe,
  HardDrive,
  Heart,
  Hexagon,
  KeyRound,
  Layers,
  Lock,
  Network,
  Package,
  Pause,
  Plus,
  Puzzle,
  RefreshCw,
  Route,
  Server,
  Shield,
  Users,
  Waypoints,
  Workflow,
  type LucideIcon,
} from 'lucide-react'
import type { HealthStatus, ResourceSyncStatus, SyncStatus } from '../../../shared/statuses'

/**
 * Kind icons from Lucide (SVG, so they render on a machine with only basic fonts, unlike the
 * Unicode symbols they replace). Kinds not listed get the generic shape of their family.
 */
const kindIcons: Record<string, LucideIcon> = {
  Application: Diamond,
  ApplicationSet: Copy,
  AppProject: Folder,
  Deployment: Layers,
  ReplicaSet: Boxes,
  StatefulSet: Database,
  DaemonSet: Server,
  Pod: Box,
  Job: Cog,
  CronJob: CalendarClock,
  Rollout: Workflow,
  Service: Network,
  Endpoints: Waypoints,
  EndpointSlice: Waypoints,
  Ingress: Globe,
  HTTPRoute: Route,
  GRPCRoute: Route,
  ConfigMap: FileText,
  Secret: KeyRound,
  ExternalSecret: KeyRound,
  Certificate: Shield,
  Namespace: Folder,
  PersistentVolumeClaim: HardDrive,
  PersistentVolume: HardDrive,
  ServiceAccount: Users,
  Role: Lock,
  ClusterRole: Lock,
  RoleBinding: Lock,
  ClusterRoleBinding: Lock,
  HorizontalPodAutoscaler: Activity,
  CustomResourceDefinition: Puzzle,
  Container: Container,
  Package: Package,
}

export function kindIcon(kind: string): LucideIcon {
  return kindIcons[kind] ?? Hexagon
}

export function KindIcon({ kind, size = 16 }: { kind: string; size?: number }) {
  const Icon = kindIcon(kind)
  return <Icon className="kind-icon" size={size} aria-hidden="true" data-kind-icon={kind} strokeWidth={1.75} />
}

export const syncIcons: Record<SyncStatus | ResourceSyncStatus, LucideIcon> = { Synced: CircleCheck, OutOfSync: RefreshCw, Unknown: CircleQuestionMark, Missing: Ban, Extra: Plus }
export const healthIcons: Record<HealthStatus, LucideIcon> = { Healthy: Heart, Progressing: CircleDashed, Degraded: CircleX, Suspended: Pause, Missing: Ban, Unknown: CircleQuestionMark }
export { CircleAlert as WarningIcon, Clock as ClockIcon }
