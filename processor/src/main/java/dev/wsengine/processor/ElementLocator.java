package dev.wsengine.processor;

import com.sun.source.util.Trees;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;

/**
 * Tells whether an element comes from a source file being compiled, so that an error can point at
 * it. Elements from class files (a superclass in a jar) have no position: javac would print the
 * error with no file or line.
 */
final class ElementLocator {
  private final Trees trees;

  ElementLocator(ProcessingEnvironment env) {
    Trees found;
    try {
      found = Trees.instance(env);
    } catch (IllegalArgumentException | LinkageError e) {
      // Not javac (or javac's tree API hidden): treat everything as locatable.
      found = null;
    }
    this.trees = found;
  }

  boolean isInSource(Element element) {
    return trees == null || trees.getPath(element) != null;
  }
}
