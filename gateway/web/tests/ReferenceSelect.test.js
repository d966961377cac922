import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import ReferenceSelect from '@/components/ReferenceSelect.vue'
import { getReference } from '@/api/reference'
import { useReference } from '@/store/reference'
import { mountView, optionsOf, REFERENCE } from './mountView'

vi.mock('@/api/reference', () => ({ getReference: vi.fn() }))

// The real tables; if none of their education levels is kept only for migrated records yet, the last one is.
const OFFERED = REFERENCE.education_levels.filter((row) => !row.legacy)
const LEGACY =
  REFERENCE.education_levels.find((row) => row.legacy && !OFFERED.some((kept) => kept.name === row.name)) ?? OFFERED.at(-1)
const KEPT = OFFERED[0]
const TABLES = {
  ...REFERENCE,
  education_levels: REFERENCE.education_levels.map((row) => (row.code === LEGACY.code ? { ...row, legacy: true } : row)),
}

function selectOf(initial) {
  return defineComponent({
    setup() {
      const value = ref(initial)
      const { label } = useReference()
      return () =>
        h('div', [
          h(ReferenceSelect, {
            modelValue: value.value,
            'onUpdate:modelValue': (next) => (value.value = next),
            table: 'education_levels',
            'data-testid': 'education',
          }),
          h('span', { 'data-testid': 'listed' }, label('education_levels', LEGACY.code)),
        ])
    },
  })
}

describe('code-table selects', () => {
  beforeEach(() => getReference.mockResolvedValue(TABLES))
  afterEach(() => {
    vi.clearAllMocks()
    document.body.innerHTML = ''
  })

  it('offer only the rows not marked legacy, while lists still name a legacy value', async () => {
    const { wrapper } = await mountView(selectOf(''))

    const offered = await optionsOf(wrapper, 'education')

    expect(offered).toContain(KEPT.name)
    expect(offered).not.toContain(LEGACY.name)
    expect(wrapper.get('[data-testid="listed"]').text()).toBe(LEGACY.name)
  })

  it('still offer the legacy value a record holds, so editing it shows what it is', async () => {
    const { wrapper } = await mountView(selectOf(LEGACY.code))

    expect(await optionsOf(wrapper, 'education')).toContain(LEGACY.name)
  })
})
