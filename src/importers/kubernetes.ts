/** Kubernetes manifests → architecture; the passes live in ./kubernetes/. */
export { importKubernetes } from './kubernetes/index.js';
