export { default } from '../../tsdown.lib';
