import { describe, expect, it } from 'vitest'
import { annotationOptions, compareOptionsOf, hasAnnotationOption, ignoresExtraneous, optionOf, syncOptionsOf } from './annotation-options'

const annotated = (annotations?: Record<string, string>) => ({ metadata: annotations ? { annotations } : {} })

describe('optionOf', () => {
  it('reads an option case-insensitively in its value, the last one winning (resource over app)', () => {
    expect(optionOf(['ServerSideApply=true', 'Validate=false', 'ServerSideApply=False'], 'ServerSideApply')).toBe('false')
    expect(optionOf(['Validate=false'], 'Replace')).toBeUndefined()
    expect(optionOf(['PrunePropagationPolicy=background'], 'PrunePropagationPolicy')).toBe('background')
  })
})

describe('annotation options', () => {
  it('lists the sync and compare options of an object, trimmed, without empty entries', () => {
    const obj = annotated({ 'argocd.argoproj.io/sync-options': ' Prune=false, ,Delete=confirm ,', 'argocd.argoproj.io/compare-options': 'IgnoreExtraneous,ServerSideDiff=false' })
    expect(syncOptionsOf(obj)).toEqual(['Prune=false', 'Delete=confirm'])
    expect(compareOptionsOf(obj)).toEqual(['IgnoreExtraneous', 'ServerSideDiff=false'])
    expect(annotationOptions(obj, 'argocd.argoproj.io/sync-options')).toEqual(syncOptionsOf(obj))
  })

  it('gives no options for an object without the annotation, without annotations, or no object', () => {
    expect(syncOptionsOf(annotated())).toEqual([])
    expect(compareOptionsOf(annotated({ other: 'IgnoreExtraneous' }))).toEqual([])
    expect(syncOptionsOf(null)).toEqual([])
    expect(hasAnnotationOption(undefined, 'argocd.argoproj.io/compare-options', 'IgnoreExtraneous')).toBe(false)
  })

  it('matches an option exactly, as gitops-engine does (a value is part of the option)', () => {
    const obj = annotated({ 'argocd.argoproj.io/compare-options': 'IgnoreExtraneous, ServerSideDiff=false' })
    expect(hasAnnotationOption(obj, 'argocd.argoproj.io/compare-options', 'IgnoreExtraneous')).toBe(true)
    expect(hasAnnotationOption(obj, 'argocd.argoproj.io/compare-options', 'ServerSideDiff=false')).toBe(true)
    expect(hasAnnotationOption(obj, 'argocd.argoproj.io/compare-options', 'ServerSideDiff=true')).toBe(false)
    expect(hasAnnotationOption(obj, 'argocd.argoproj.io/sync-options', 'IgnoreExtraneous')).toBe(false)
  })

  it('IgnoreExtraneous: only in the compare options, among others', () => {
    expect(ignoresExtraneous(annotated({ 'argocd.argoproj.io/compare-options': 'ServerSideDiff=false, IgnoreExtraneous' }))).toBe(true)
    expect(ignoresExtraneous(annotated({ 'argocd.argoproj.io/sync-options': 'IgnoreExtraneous' }))).toBe(false)
    expect(ignoresExtraneous(null)).toBe(false)
  })

  it("reads a resource's own Prune option over the app's", () => {
    const obj = annotated({ 'argocd.argoproj.io/sync-options': 'Prune=confirm' })
    expect(optionOf([...['Prune=false'], ...syncOptionsOf(obj)], 'Prune')).toBe('confirm')
  })
})
