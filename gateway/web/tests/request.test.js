import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError, getToken, onUnauthorized, request, setToken } from '@/api/request'
import { setLocale } from '@/i18n'

function respond(status, body) {
  return vi.fn().mockResolvedValue(new Response(body === undefined ? null : JSON.stringify(body), { status }))
}

describe('request', () => {
  beforeEach(() => {
    localStorage.clear()
    setLocale('zh-CN')
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    onUnauthorized(() => {})
  })

  it('sends the token, the locale and a JSON body', async () => {
    const fetch = respond(200, { ok: true })
    vi.stubGlobal('fetch', fetch)
    setToken('abc')
    setLocale('en')

    await expect(request('/persons', { method: 'POST', body: { name: '张三' } })).resolves.toEqual({ ok: true })

    const [url, init] = fetch.mock.calls[0]
    expect(url).toBe('/api/v1/persons')
    expect(init.method).toBe('POST')
    expect(init.headers.Authorization).toBe('Bearer abc')
    expect(init.headers['Accept-Language']).toBe('en')
    expect(JSON.parse(init.body)).toEqual({ name: '张三' })
  })

  it('leaves empty query values out of the URL', async () => {
    const fetch = respond(200, {})
    vi.stubGlobal('fetch', fetch)

    await request('/persons', { query: { q: '', page: 2, page_size: 20 } })

    expect(fetch.mock.calls[0][0]).toBe('/api/v1/persons?page=2&page_size=20')
    expect(fetch.mock.calls[0][1].headers.Authorization).toBeUndefined()
  })

  it('turns an error body into an ApiError', async () => {
    vi.stubGlobal(
      'fetch',
      respond(422, { error: 'INVALID_ID_NUMBER', message: '身份证号码校验位错误', fields: { id_number: '校验位错误' } }),
    )

    const error = await request('/persons', { method: 'POST', body: {} }).catch((e) => e)

    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({
      status: 422,
      code: 'INVALID_ID_NUMBER',
      message: '身份证号码校验位错误',
      fields: { id_number: '校验位错误' },
    })
  })

  it('clears the token and reports a 401', async () => {
    vi.stubGlobal('fetch', respond(401, { error: 'NOT_AUTHENTICATED', message: '请先登录' }))
    const unauthorized = vi.fn()
    onUnauthorized(unauthorized)
    setToken('stale')

    await expect(request('/auth/me')).rejects.toMatchObject({ status: 401, code: 'NOT_AUTHENTICATED' })

    expect(getToken()).toBeNull()
    expect(unauthorized).toHaveBeenCalledOnce()
  })

  it('keeps the login 401 to the caller', async () => {
    vi.stubGlobal('fetch', respond(401, { error: 'INVALID_CREDENTIALS', message: '用户名或密码错误!' }))
    const unauthorized = vi.fn()
    onUnauthorized(unauthorized)
    setToken('kept')

    await expect(request('/auth/login', { method: 'POST', body: {}, redirectOn401: false })).rejects.toMatchObject({
      message: '用户名或密码错误!',
    })

    expect(getToken()).toBe('kept')
    expect(unauthorized).not.toHaveBeenCalled()
  })

  it('reports a body that is not the error shape as unexpected', async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(new Response('<html>Bad gateway</html>', { status: 502 })))

    await expect(request('/persons')).rejects.toMatchObject({ status: 502, code: 'UNEXPECTED_ERROR' })
  })

  it('reports a failed connection as a network error', async () => {
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')))

    await expect(request('/persons')).rejects.toMatchObject({ status: 0, code: 'NETWORK_ERROR' })
  })
})
