export { seedDemo } from './seed';
export { demoWorkloads, demoPolicies, DEMO_PORT_BASE } from './demo-set';
