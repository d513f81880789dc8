import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import type { K8sObject } from '../base/objects'

/** A render on disk whose objects include a Secret: the whole list, encrypted (AES-256-GCM). */
export interface SealedRender {
  sealed: 1
  iv: string
  tag: string
  data: string
}

/**
 * Whether a render holds Secret data. Any apiVersion counts: a kind named Secret is treated as
 * one, and an annotation (last-applied) or a field of it can repeat the values. So does a Secret
 * anywhere inside another object (a List inside a List, which Argo CD leaves unexpanded).
 */
export const holdsSecrets = (objects: K8sObject[]): boolean => {
  const pending: unknown[] = [...objects]
  while (pending.length > 0) {
    const value = pending.pop()
    if (!value || typeof value !== 'object') continue
    if (Array.isArray(value)) pending.push(...value)
    else if ((value as { kind?: unknown }).kind === 'Secret') return true
    else pending.push(...Object.values(value))
  }
  return false
}

export function seal(objects: K8sObject[], key: Buffer): SealedRender {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  const data = Buffer.concat([cipher.update(JSON.stringify(objects), 'utf8'), cipher.final()])
  return { sealed: 1, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') }
}

/** The objects of a sealed render; throws when the key is not the one it was sealed with or it was altered. */
export function unseal(sealed: SealedRender, key: Buffer): K8sObject[] {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'))
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'))
  const text = Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8')
  return JSON.parse(text) as K8sObject[]
}

export const isSealed = (value: unknown): value is SealedRender => typeof value === 'object' && value !== null && (value as SealedRender).sealed === 1
