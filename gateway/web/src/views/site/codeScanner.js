import jsQR from 'jsqr'

/** The text of the QR code in `imageData` (a canvas' pixels), or null. */
export function decodeQr(imageData) {
  const found = jsQR(imageData.data, imageData.width, imageData.height, { inversionAttempts: 'attemptBoth' })
  return found?.data || null
}

function pixelsOf(source, width, height, canvas = document.createElement('canvas')) {
  canvas.width = width
  canvas.height = height
  const context = canvas.getContext('2d', { willReadFrequently: true })
  context.drawImage(source, 0, 0, width, height)
  return context.getImageData(0, 0, width, height)
}

/** The QR code in an uploaded photo (a File), or null; large photos are scaled down first (jsQR is quicker). */
export async function decodeQrFile(file) {
  const url = URL.createObjectURL(file)
  try {
    const image = await new Promise((resolve, reject) => {
      const img = new Image()
      img.onload = () => resolve(img)
      img.onerror = reject
      img.src = url
    })
    const scale = Math.min(1, 1200 / Math.max(image.naturalWidth, image.naturalHeight))
    return decodeQr(pixelsOf(image, Math.round(image.naturalWidth * scale), Math.round(image.naturalHeight * scale)))
  } finally {
    URL.revokeObjectURL(url)
  }
}

/**
 * Scans the camera's picture in `video` until a QR code is seen: `onCode(text)` is called once, and the camera is
 * stopped. Returns `stop()`. Rejects when the browser has no camera or the user refuses it.
 */
export async function scanCamera(video, onCode) {
  const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false })
  video.srcObject = stream
  video.setAttribute('playsinline', 'true')
  await video.play()
  const canvas = document.createElement('canvas')
  let stopped = false
  const stop = () => {
    stopped = true
    stream.getTracks().forEach((track) => track.stop())
    video.srcObject = null
  }
  const look = () => {
    if (stopped) return
    if (video.readyState === video.HAVE_ENOUGH_DATA && video.videoWidth) {
      const text = decodeQr(pixelsOf(video, video.videoWidth, video.videoHeight, canvas))
      if (text) {
        stop()
        onCode(text)
        return
      }
    }
    requestAnimationFrame(look)
  }
  requestAnimationFrame(look)
  return stop
}
