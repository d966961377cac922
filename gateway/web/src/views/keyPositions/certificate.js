import { ElMessage } from 'element-plus'
import { fetchKeyPositionCertificate } from '@/api/keyPositions'

export { DOCUMENT_EXTENSIONS, documentProblem } from '@/views/contracts/contractFiles'

/** Opens a registration's 资质证书 in a new tab (fetched with the token; never a bare link). */
export async function openCertificate(registrationId) {
  const opened = window.open('', '_blank')
  try {
    const blob = await fetchKeyPositionCertificate(registrationId)
    const url = URL.createObjectURL(blob)
    if (opened) opened.location.href = url
    else window.location.assign(url)
  } catch (error) {
    opened?.close()
    ElMessage.error(error.message)
  }
}
