/** Not API: the JDK transport's connection, inbox and helpers; not exported. */
package dev.wsengine.jdk.internal;
