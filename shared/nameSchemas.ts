import { z } from 'zod';

/**
 * The names the console accepts from the page and from its config file, one definition each,
 * so a name the config allows is a name every channel takes.
 */

/** ECS cluster and service names, or their ARNs. */
export const awsNamePattern = /^[A-Za-z0-9_\-:/.]+$/;

export const awsNameSchema = z
  .string()
  .min(1)
  .max(255)
  .regex(awsNamePattern, 'letters, digits, - _ : / . only');

/** The console's own environment names: `production`, `staging`. */
export const environmentNameSchema = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only');

/** Kafka's own rule for topic names; the console also uses it for its Kafka cluster names. */
export const kafkaNameSchema = z
  .string()
  .min(1)
  .max(249)
  .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, . _ - only');
