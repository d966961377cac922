import { afterEach, describe, expect, it } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import AppHeader from '@/layout/AppHeader.vue'
import { getToken, setToken } from '@/api/request'
import { session } from '@/store/session'
import { mountView } from './mountView'

describe('AppHeader', () => {
  afterEach(() => {
    localStorage.clear()
    session.account = null
    document.body.innerHTML = ''
  })

  it('重新登录 forgets the account and its token and opens the login page', async () => {
    setToken('t-1')
    session.account = { username: 'site_3', role: 'site', scope_name: '测试项目三' }
    const { wrapper, router } = await mountView(AppHeader)
    expect(wrapper.text()).toContain('测试项目三')
    expect(wrapper.text()).toContain('现场用户')

    await wrapper.get('[data-testid="logout"]').trigger('click')
    await flushPromises()

    expect(wrapper.find('[data-testid="logout"]').exists()).toBe(false)
    expect(getToken()).toBeNull()
    expect(session.account).toBeNull()
    expect(router.currentRoute.value.name).toBe('login')
  })
})
