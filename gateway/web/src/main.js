import { createApp } from 'vue'
import 'element-plus/dist/index.css'
import App from './App.vue'
import { i18n } from './i18n'
import { router } from './router'
import { currentSession, onUnauthorized } from './api/request'
import { signOut } from './store/session'
import { signOutWorker } from './store/workerSession'
import './styles.css'

onUnauthorized(() => {
  const worker = currentSession() === 'worker'
  if (worker) signOutWorker()
  else signOut()
  const current = router.currentRoute.value
  if (!current.meta.public) {
    router.push({ name: worker ? 'm-login' : 'login', query: { redirect: current.fullPath } })
  }
})

createApp(App).use(i18n).use(router).mount('#app')
