import { ref, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { ElMessage, ElMessageBox } from 'element-plus'
import { cardsOf, withdrawCard } from '@/api/attendance'
import { useSiteProject } from './siteProject'

/**
 * 发卡 / 收卡 on the 施工人员 list (manual 003 §6.1): the card numbers of the page's people (`rows`, entries with
 * `person_id`), read again whenever the page changes; none for an account without a project of its own.
 */
export function useCards(rows) {
  const { t } = useI18n()
  const projectId = useSiteProject()
  // { [person_id]: card_number }
  const cards = ref({})
  // the row whose card is being issued (CardDialog)
  const issuing = ref(null)

  async function load() {
    if (!projectId.value) return
    const personIds = [...new Set(rows.value.map((row) => row.person_id).filter(Boolean))]
    try {
      cards.value = await cardsOf(projectId.value, personIds)
    } catch (error) {
      ElMessage.error(error.message)
    }
  }

  function issued(cardNumber) {
    cards.value = { ...cards.value, [issuing.value.person_id]: cardNumber }
    issuing.value = null
  }

  async function withdraw(row) {
    const card = cards.value[row.person_id]
    try {
      await ElMessageBox.confirm(t('attendance.card.withdrawConfirm', { name: row.name, card }),
        t('attendance.card.withdraw'), {
          type: 'warning', confirmButtonText: t('attendance.card.withdraw'), cancelButtonText: t('common.dismiss'),
        })
    } catch {
      return
    }
    try {
      await withdrawCard(projectId.value, row.person_id)
      const rest = { ...cards.value }
      delete rest[row.person_id]
      cards.value = rest
      ElMessage.success(t('attendance.card.withdrawn'))
    } catch (error) {
      ElMessage.error(error.message)
    }
  }

  watch(rows, load)

  return { projectId, cards, issuing, issued, withdraw }
}
