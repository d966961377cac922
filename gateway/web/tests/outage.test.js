import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount } from '@vue/test-utils'
import { ref } from 'vue'
import { ApiError, request } from '@/api/request'
import { useFormSubmit } from '@/composables/useFormSubmit'
import { i18n, setLocale } from '@/i18n'
import OutageBanner from '@/layout/OutageBanner.vue'
import { clearOutage, outage } from '@/store/outage'

const unavailable = (code, service) =>
  new ApiError({ status: 503, code, message: '暂时不可用', body: { error: code, service } })

describe('a 503 from the gateway', () => {
  beforeEach(() => {
    clearOutage()
    setLocale('zh-CN')
  })
  afterEach(() => vi.unstubAllGlobals())

  it('is reported as what is down, and cleared by the next answer', async () => {
    const body = { error: 'DATABASE_UNAVAILABLE', message: '数据库暂时不可用，请稍后再试', service: 'identity_svc' }
    vi.stubGlobal('fetch', vi.fn().mockResolvedValueOnce(new Response(JSON.stringify(body), { status: 503 }))
      .mockResolvedValueOnce(new Response('{}', { status: 200 })))

    await expect(request('/persons')).rejects.toMatchObject({ status: 503, code: 'DATABASE_UNAVAILABLE' })
    expect({ ...outage }).toEqual({ code: 'DATABASE_UNAVAILABLE', service: 'identity_svc' })
    await request('/persons')
    expect(outage.code).toBeNull()
  })

  it('shows a banner naming what is down, and that the form is kept, in Chinese or English', async () => {
    outage.code = 'DATABASE_UNAVAILABLE'
    outage.service = 'identity_svc'
    const banner = mount(OutageBanner, { global: { plugins: [i18n] } })
    expect(banner.text()).toContain('实名信息服务的数据库暂时无法访问，请稍后重试。')
    expect(banner.text()).toContain('您填写的内容已保留')
    setLocale('en')
    await banner.vm.$nextTick()
    expect(banner.text()).toContain('The database of the real-name record service cannot be reached')
  })

  it('shows no banner while nothing is down', () => {
    expect(mount(OutageBanner, { global: { plugins: [i18n] } }).find('[data-testid="outage-banner"]').exists())
      .toBe(false)
  })
})

describe('one Idempotency-Key per form submission', () => {
  const form = ref({ validate: () => Promise.resolve(true) })

  function keysOf(send) {
    return send.mock.calls.map(([options]) => options.idempotencyKey)
  }

  it('sends the same key again when the answer was lost (503, network), a new one for the next submission', async () => {
    const send = vi
      .fn()
      .mockRejectedValueOnce(unavailable('SERVICE_UNAVAILABLE', 'identity_svc'))
      .mockRejectedValueOnce(new ApiError({ status: 0, code: 'NETWORK_ERROR', message: '网络异常' }))
      .mockResolvedValueOnce({ id: 1 })
      .mockResolvedValueOnce({ id: 2 })
    const { submit } = useFormSubmit(send, { forms: [form] })

    for (let attempt = 0; attempt < 4; attempt += 1) await submit()

    const [first, second, third, fourth] = keysOf(send)
    expect(first).toMatch(/^[0-9a-f-]{36}$/)
    expect([second, third]).toEqual([first, first])
    expect(fourth).not.toBe(first)
  })

  it('starts a new submission after a refusal', async () => {
    const send = vi
      .fn()
      .mockRejectedValueOnce(new ApiError({ status: 422, code: 'INVALID_INPUT', message: '输入有误' }))
      .mockResolvedValueOnce({ id: 1 })
    const { submit } = useFormSubmit(send, { forms: [form] })

    await submit()
    await submit()

    const [first, second] = keysOf(send)
    expect(second).not.toBe(first)
  })

  it('sends a changed form as a new submission when the gateway says the key was for another request', async () => {
    const send = vi
      .fn()
      .mockRejectedValueOnce(unavailable('BROKER_UNAVAILABLE'))
      .mockRejectedValueOnce(new ApiError({ status: 422, code: 'IDEMPOTENCY_KEY_REUSED', message: '已用于另一个请求' }))
      .mockResolvedValueOnce({ id: 1 })
    const { submit } = useFormSubmit(send, { forms: [form] })

    await submit()
    expect(await submit()).toEqual({ id: 1 })

    const [first, reused, fresh] = keysOf(send)
    expect(reused).toBe(first)
    expect(fresh).not.toBe(first)
  })
})
