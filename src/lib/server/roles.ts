export * from '../shared/roles';
