import { describe, expect, it } from 'vitest'
import { UserError } from '../base/errors'
import { stepFailure } from './request'

describe('stepFailure', () => {
  it('says that the cluster could not be reached, naming its context, when no answer came', () => {
    const refused = new UserError('Unavailable', 'request to https://127.0.0.1:6443/api/v1/pods failed, reason: connect ECONNREFUSED 127.0.0.1:6443 (HTTP ECONNREFUSED)')
    expect(stepFailure(refused, 'kind-prod')).toBe(`cluster kind-prod could not be reached mid-operation: ${refused.message}`)
    expect(stepFailure(new UserError('Unavailable', 'cannot reach the cluster: socket hang up'), undefined)).toMatch(/^the cluster could not be reached mid-operation: /)
  })

  it('leaves an answer of the server (a 503) and other errors as they are', () => {
    expect(stepFailure(new UserError('Unavailable', 'the server is currently unable to handle the request (HTTP 503)'), 'kind-prod')).toBe('the server is currently unable to handle the request (HTTP 503)')
    expect(stepFailure(new UserError('Invalid', 'bad'), 'kind-prod')).toBe('bad')
  })
})
