import { describe, expect, it, vi } from 'vitest'
import { ElMessage } from 'element-plus'
import { useRemoteSearch } from '@/composables/useRemoteSearch'

vi.mock('element-plus', () => ({ ElMessage: { error: vi.fn() } }))

function deferred() {
  let resolve
  const promise = new Promise((done) => (resolve = done))
  return { promise, resolve }
}

describe('useRemoteSearch', () => {
  it('offers what the last search found, even when an earlier answer arrives after it', async () => {
    const answers = { 张: deferred(), 张伟: deferred() }
    const { found, loading, search } = useRemoteSearch((text) => answers[text].promise)

    const first = search('张')
    const second = search('张伟')
    expect(loading.value).toBe(true)
    answers['张伟'].resolve([{ id: 2, name: '张伟' }])
    await second
    answers['张'].resolve([{ id: 1, name: '张三' }, { id: 2, name: '张伟' }])
    await first

    expect(found.value).toEqual([{ id: 2, name: '张伟' }])
    expect(loading.value).toBe(false)
  })

  it('shows a refusal as a message and keeps what was offered', async () => {
    let refuse = false
    const { found, search } = useRemoteSearch(async () => {
      if (refuse) throw new Error('服务暂时不可用，请稍后再试')
      return [{ id: 1, name: '测试劳务七公司' }]
    })
    await search('')
    refuse = true
    await search('七')

    expect(ElMessage.error).toHaveBeenCalledWith('服务暂时不可用，请稍后再试')
    expect(found.value).toEqual([{ id: 1, name: '测试劳务七公司' }])
  })
})
