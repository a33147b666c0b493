/** The wsengine engine. */
module dev.wsengine.runtime {
  requires transitive dev.wsengine.api;

  exports dev.wsengine.runtime;
}
