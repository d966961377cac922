import { onBeforeUnmount, ref } from 'vue'
import { streamRecords } from '@/api/attendanceWarnings'

/** How long to wait before connecting again after a stream failed (the network, the gateway). */
export const RETRY_MS = 3000
/** A stream that ended sooner than this was cut short. */
const MIN_STREAM_MS = 1000

const pause = (ms, signal) => new Promise((resolve) => {
  const timer = setTimeout(resolve, ms)
  signal.addEventListener('abort', () => {
    clearTimeout(timer)
    resolve()
  })
})

/**
 * 出勤记录 live: `onRecord(record)` for each record clocked on the project after `start(after)` (a record id the
 * page has; none: from now), until `stop()` or the page goes; `connected` is true while a stream is open. Each
 * stream lasts about 25 s; the next one picks up after the last record's id (Last-Event-ID), so none is missed or
 * repeated. A refusal (401, 403) ends it; a failure waits a little and connects again.
 */
export function useRecordStream(projectId, onRecord) {
  const connected = ref(false)
  let controller = null
  let lastId = null

  async function run(signal) {
    while (!signal.aborted) {
      const opened = Date.now()
      try {
        for await (const event of streamRecords(projectId(), { after: lastId, signal })) {
          if (event.id !== null && event.id !== '') lastId = Number(event.id)
          if (event.event === 'ready') connected.value = true
          if (event.event === 'record') onRecord(JSON.parse(event.data))
        }
        // a stream cut short (a proxy that does not stream): not again at once
        if (Date.now() - opened < MIN_STREAM_MS) await pause(RETRY_MS, signal)
      } catch (error) {
        connected.value = false
        if (signal.aborted || [401, 403, 404].includes(error.status)) return
        await pause(RETRY_MS, signal)
      }
    }
  }

  function start(after = null) {
    if (controller) return
    lastId = after
    controller = new AbortController()
    run(controller.signal)
  }

  function stop() {
    controller?.abort()
    controller = null
    lastId = null
    connected.value = false
  }

  onBeforeUnmount(stop)
  return { start, stop, connected }
}
