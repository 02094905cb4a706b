package io.nhiguard.langchain4j;

import dev.langchain4j.invocation.InvocationParameters;
import dev.langchain4j.service.TokenStream;
import dev.langchain4j.service.UserMessage;

/** AI-service interfaces used by the tests. */
final class Assistants {
  private Assistants() {}

  /** Passes identity and task per call. */
  interface Assistant {
    String chat(@UserMessage String message, InvocationParameters parameters);
  }

  /** Passes nothing: the guard must not invent an identity. */
  interface PlainAssistant {
    String chat(String message);
  }

  /** Streams its answer. */
  interface StreamingAssistant {
    TokenStream chat(@UserMessage String message, InvocationParameters parameters);
  }
}
