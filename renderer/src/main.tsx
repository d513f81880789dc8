import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { connectApi } from './api'
import { App } from './App'
import './styles.css'

const api = connectApi()
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App api={api} />
  </StrictMode>,
)
