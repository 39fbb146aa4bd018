<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>ArchitectureMap</name>
    <message>
        <source>RMSNorm</source>
        <translation>RMSNorm</translation>
    </message>
    <message>
        <source>LayerNorm</source>
        <translation>LayerNorm</translation>
    </message>
    <message>
        <source>learned, added: %1 positions × %2</source>
        <translation>학습형, 더하기: 위치 %1개 × %2</translation>
    </message>
    <message>
        <source>rotary, inside attention: q and k turned by position (θ %1)</source>
        <translation>회전형, 어텐션 내부: q와 k를 위치만큼 회전 (θ %1)</translation>
    </message>
    <message>
        <source>relative bias: %1 distance buckets per head</source>
        <translation>상대 편향: 헤드마다 거리 버킷 %1개</translation>
    </message>
    <message>
        <source>none</source>
        <translation>없음</translation>
    </message>
    <message>
        <source>%1 heads × %2, %3 key/value heads</source>
        <translation>헤드 %1개 × %2, 키/값 헤드 %3개</translation>
    </message>
    <message>
        <source>%1 heads × %2</source>
        <translation>헤드 %1개 × %2</translation>
    </message>
    <message>
        <source>causal</source>
        <translation>인과적(causal)</translation>
    </message>
    <message>
        <source>bidirectional</source>
        <translation>양방향(bidirectional)</translation>
    </message>
    <message>
        <source>add (the %1 comes before the sub-layer)</source>
        <translation>더하기 (서브레이어 앞에 %1 적용)</translation>
    </message>
    <message>
        <source>add, then %1</source>
        <translation>더한 뒤 %1</translation>
    </message>
    <message>
        <source>Masked self-attention</source>
        <translation>마스크드 셀프 어텐션</translation>
    </message>
    <message>
        <source>Self-attention</source>
        <translation>셀프 어텐션</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>Add &amp; norm</source>
        <translation>더하기 &amp; 정규화</translation>
    </message>
    <message>
        <source>Cross-attention</source>
        <translation>교차 어텐션</translation>
    </message>
    <message>
        <source>%1, over the encoder&apos;s output</source>
        <translation>%1, 인코더 출력에 대해</translation>
    </message>
    <message>
        <source>Feed-forward network</source>
        <translation>피드포워드 네트워크</translation>
    </message>
    <message>
        <source>%1 → %2 → %1 (gated %3)</source>
        <translation>%1 → %2 → %1 (게이트형 %3)</translation>
    </message>
    <message>
        <source>%1 → %2 → %1 (%3)</source>
        <translation>%1 → %2 → %1 (%3)</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>토큰</translation>
    </message>
    <message>
        <source>ids of a vocabulary of %1</source>
        <translation>어휘 크기 %1의 id</translation>
    </message>
    <message>
        <source>Token embedding</source>
        <translation>토큰 임베딩</translation>
    </message>
    <message>
        <source>vocabulary %1 × d_model %2</source>
        <translation>어휘 %1 × d_model %2</translation>
    </message>
    <message>
        <source>Positions</source>
        <translation>위치</translation>
    </message>
    <message>
        <source>Final norm</source>
        <translation>최종 정규화</translation>
    </message>
    <message>
        <source>Head</source>
        <translation>헤드</translation>
    </message>
    <message>
        <source>hidden states and pooling</source>
        <translation>은닉 상태와 풀링(pooling)</translation>
    </message>
    <message>
        <source>Linear head</source>
        <translation>선형 헤드</translation>
    </message>
    <message>
        <source>d_model %1 → vocabulary %2, tied to the embedding</source>
        <translation>d_model %1 → 어휘 %2, 임베딩과 가중치 공유(tied)</translation>
    </message>
    <message>
        <source>d_model %1 → vocabulary %2</source>
        <translation>d_model %1 → 어휘 %2</translation>
    </message>
    <message>
        <source>Logits</source>
        <translation>로짓</translation>
    </message>
    <message>
        <source>one score per vocabulary token (%1)</source>
        <translation>어휘 토큰마다 점수 하나 (%1)</translation>
    </message>
    <message>
        <source>Softmax</source>
        <translation>소프트맥스</translation>
    </message>
    <message>
        <source>exp(logit / T), normalised to sum to 1</source>
        <translation>exp(logit / T), 합이 1이 되도록 정규화</translation>
    </message>
    <message>
        <source>Next token</source>
        <translation>다음 토큰</translation>
    </message>
    <message>
        <source>Masked token</source>
        <translation>마스크된 토큰</translation>
    </message>
    <message>
        <source>sampled (or the most likely)</source>
        <translation>샘플링 (또는 가장 유력한 토큰)</translation>
    </message>
    <message>
        <source>Encoder</source>
        <translation>인코더</translation>
    </message>
    <message>
        <source>Decoder</source>
        <translation>디코더</translation>
    </message>
    <message>
        <source>Embeddings</source>
        <translation>임베딩</translation>
    </message>
    <message>
        <source>Attention</source>
        <translation>어텐션</translation>
    </message>
    <message>
        <source>Feed-forward</source>
        <translation>피드포워드</translation>
    </message>
    <message>
        <source>Norms</source>
        <translation>정규화</translation>
    </message>
    <message>
        <source>most likely: %1</source>
        <translation>가장 유력: %1</translation>
    </message>
    <message>
        <source>“%1”, id %2</source>
        <translation>“%1”, id %2</translation>
    </message>
</context>
<context>
    <name>AttentionStream</name>
    <message>
        <source>Encoder self-attention</source>
        <translation>인코더 셀프 어텐션</translation>
    </message>
    <message>
        <source>Decoder self-attention</source>
        <translation>디코더 셀프 어텐션</translation>
    </message>
    <message>
        <source>Cross-attention</source>
        <translation>교차 어텐션</translation>
    </message>
    <message>
        <source>Attention</source>
        <translation>어텐션</translation>
    </message>
</context>
<context>
    <name>ExamplePrompts</name>
    <message>
        <source>Tokens: how text is cut into pieces</source>
        <translation>토큰(token): 텍스트가 조각으로 나뉘는 방식</translation>
    </message>
    <message>
        <source>Prediction: what comes next, and how sampling chooses</source>
        <translation>예측(prediction): 다음에 무엇이 오는지, 샘플링이 어떻게 고르는지</translation>
    </message>
    <message>
        <source>Attention: which earlier tokens each token reads</source>
        <translation>어텐션(attention): 각 토큰이 앞의 어느 토큰을 읽는지</translation>
    </message>
    <message>
        <source>Meaning in context: embeddings and hidden states</source>
        <translation>문맥 속의 의미: 임베딩과 은닉 상태(hidden state)</translation>
    </message>
    <message>
        <source>Whitespace and newlines</source>
        <translation>공백과 줄바꿈</translation>
    </message>
    <message>
        <source>Spaces, tabs and line breaks are tokens too: look at the Tokens view.</source>
        <translation>띄어쓰기, 탭, 줄바꿈도 토큰입니다: 토큰 뷰를 보세요.</translation>
    </message>
    <message>
        <source>Characters split into bytes</source>
        <translation>바이트로 쪼개지는 문자</translation>
    </message>
    <message>
        <source>Letters outside the tokenizer&apos;s vocabulary are split into bytes; chips that hold part of a character are marked with a red corner.</source>
        <translation>토크나이저 어휘(vocabulary)에 없는 글자는 바이트로 쪼개집니다. 한 문자의 일부만 담은 칩은 빨간 모서리로 표시됩니다.</translation>
    </message>
    <message>
        <source>Welcome: Genesis 1:1</source>
        <translation>환영합니다: 창세기 1장 1절</translation>
    </message>
    <message>
        <source>A familiar sentence: the model should be confident about what comes next.</source>
        <translation>익숙한 문장: 모델은 다음에 올 말을 확신해야 합니다.</translation>
    </message>
    <message>
        <source>Temperature matters</source>
        <translation>온도(temperature)가 중요하다</translation>
    </message>
    <message>
        <source>An open-ended start: at low temperature one continuation dominates, at high temperature many compete.</source>
        <translation>열린 시작: 온도가 낮으면 한 가지 이어쓰기가 압도하고, 높으면 여러 후보가 경쟁합니다.</translation>
    </message>
    <message>
        <source>Repetition under greedy decoding</source>
        <translation>그리디 디코딩(greedy decoding)의 반복</translation>
    </message>
    <message>
        <source>Generate greedily and watch the text fall into a loop; raise the repetition penalty or sample to escape it.</source>
        <translation>그리디로 생성하면 텍스트가 같은 말을 되풀이하는 고리에 빠집니다. 반복 페널티를 높이거나 샘플링으로 빠져나오세요.</translation>
    </message>
    <message>
        <source>Ambiguity: who has the book?</source>
        <translation>중의성: 책은 누구의 것인가?</translation>
    </message>
    <message>
        <source>The teacher or the student? Attention has to decide what &quot;with the book&quot; attaches to.</source>
        <translation>선생님인가, 학생인가? 어텐션은 &quot;with the book&quot;이 어디에 붙는지 정해야 합니다.</translation>
    </message>
    <message>
        <source>Repeated names: copying what came before</source>
        <translation>반복되는 이름: 앞에 나온 것을 베끼기</translation>
    </message>
    <message>
        <source>Names that come back: some heads look at the token after the name&apos;s earlier occurrence, which helps to predict the repeat.</source>
        <translation>다시 나오는 이름: 어떤 헤드는 그 이름이 앞에 나왔던 자리 바로 다음 토큰을 보고, 이것이 반복을 예측하는 데 도움이 됩니다.</translation>
    </message>
    <message>
        <source>Homonym: a well of water</source>
        <translation>동음이의어: 우물(well)</translation>
    </message>
    <message>
        <source>The same word &quot;well&quot; in two senses: Embeddings compares its hidden states with those in &quot;%1&quot;; the cosine falls as the layers read the context.</source>
        <translation>같은 단어 &quot;well&quot;의 두 가지 뜻: 임베딩 뷰가 이 단어의 은닉 상태를 &quot;%1&quot; 속의 것과 비교합니다. 레이어가 문맥을 읽을수록 코사인이 떨어집니다.</translation>
    </message>
    <message>
        <source>Homonym: it shall be well</source>
        <translation>동음이의어: 잘 되리라(well)</translation>
    </message>
    <message>
        <source>The same word &quot;well&quot; in two senses: Embeddings compares its hidden states with those in &quot;%1&quot;.</source>
        <translation>같은 단어 &quot;well&quot;의 두 가지 뜻: 임베딩 뷰가 이 단어의 은닉 상태를 &quot;%1&quot; 속의 것과 비교합니다.</translation>
    </message>
    <message>
        <source>Context moves every token</source>
        <translation>문맥은 모든 토큰을 움직인다</translation>
    </message>
    <message>
        <source>Hidden states layer by layer: each path is one token, from its embedding (open circle) to the last layer.</source>
        <translation>레이어별 은닉 상태: 선 하나가 토큰 하나이며, 임베딩(빈 원)에서 마지막 레이어까지 이어집니다.</translation>
    </message>
</context>
<context>
    <name>FamilyText</name>
    <message>
        <source>decoder-only</source>
        <translation>디코더 전용</translation>
    </message>
    <message>
        <source>encoder-only</source>
        <translation>인코더 전용</translation>
    </message>
    <message>
        <source>encoder-decoder</source>
        <translation>인코더-디코더</translation>
    </message>
    <message>
        <source>Each token sees only the tokens before it, and the model predicts the next one.</source>
        <translation>각 토큰은 자기 앞의 토큰만 보고, 모델은 다음 토큰을 예측합니다.</translation>
    </message>
    <message>
        <source>An encoder reads the whole input, and a decoder writes the output while looking back at it through cross-attention.</source>
        <translation>인코더가 입력 전체를 읽고, 디코더는 교차 어텐션으로 그 입력을 되돌아보며 출력을 씁니다.</translation>
    </message>
    <message>
        <source>Every token sees the whole sentence, both ways: the model fills masked words, classifies and embeds text, but has no next token.</source>
        <translation>모든 토큰이 문장 전체를 양쪽으로 봅니다. 모델은 가려진 단어를 채우고, 글을 분류하고 임베딩하지만 다음 토큰은 없습니다.</translation>
    </message>
</context>
<context>
    <name>HeadPatternTexts</name>
    <message>
        <source>previous token</source>
        <translation>이전 토큰</translation>
    </message>
    <message>
        <source>first token</source>
        <translation>첫 토큰</translation>
    </message>
    <message>
        <source>itself</source>
        <translation>자기 자신</translation>
    </message>
    <message>
        <source>near uniform (no focus)</source>
        <translation>거의 균등 (초점 없음)</translation>
    </message>
    <message>
        <source>mixed</source>
        <translation>혼합</translation>
    </message>
    <message>
        <source>prev %1</source>
        <translation>이전 %1</translation>
    </message>
    <message>
        <source>first %1</source>
        <translation>첫 %1</translation>
    </message>
    <message>
        <source>self %1</source>
        <translation>자기 %1</translation>
    </message>
    <message>
        <source>unif %1</source>
        <translation>균등 %1</translation>
    </message>
    <message>
        <source>Attention of every head: run a prompt to fill this view.</source>
        <translation>모든 헤드의 어텐션: 프롬프트를 실행하면 이 뷰가 채워집니다.</translation>
    </message>
    <message numerus="yes">
        <source>%1 layers × %2 heads, %n token(s).</source>
        <translation>
            <numerusform>레이어 %1개 × 헤드 %2개, 토큰 %n개.</numerusform>
        </translation>
    </message>
    <message>
        <source>Every head spreads its attention almost evenly over the earlier tokens: none has a clear focus (as in an untrained or random model).</source>
        <translation>모든 헤드가 앞 토큰들에 어텐션을 거의 고르게 나눕니다: 뚜렷한 초점이 있는 헤드가 없습니다 (학습되지 않았거나 무작위인 모델처럼).</translation>
    </message>
    <message>
        <source>No head puts most of its attention on one position (%1 near uniform, %2 mixed).</source>
        <translation>어텐션 대부분을 한 위치에 두는 헤드가 없습니다 (거의 균등 %1, 혼합 %2).</translation>
    </message>
    <message numerus="yes">
        <source>%n head(s) with a clear focus: previous token %1, first token %2, itself %3; near uniform %4, mixed %5.</source>
        <translation>
            <numerusform>초점이 뚜렷한 헤드 %n개: 이전 토큰 %1, 첫 토큰 %2, 자기 자신 %3; 거의 균등 %4, 혼합 %5.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Grouped-query attention: %1 query heads share each of %n key/value head(s).</source>
        <translation>
            <numerusform>그룹 쿼리 어텐션(GQA): 쿼리 헤드 %1개가 키/값 헤드 %n개를 각각 공유합니다.</numerusform>
        </translation>
    </message>
    <message>
        <source>Click a head to open it.</source>
        <translation>헤드를 클릭하면 열립니다.</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>nothing to export</source>
        <translation>내보낼 것이 없습니다</translation>
    </message>
    <message>
        <source>%1: unknown image type “%2” (hint: use .png, .svg or .pdf)</source>
        <translation>%1: 알 수 없는 이미지 형식 “%2” (힌트: .png, .svg 또는 .pdf를 쓰세요)</translation>
    </message>
    <message>
        <source>%1: could not draw the picture</source>
        <translation>%1: 그림을 그릴 수 없습니다</translation>
    </message>
    <message>
        <source>%1: could not write the PNG (hint: check the folder exists and is writable)</source>
        <translation>%1: PNG를 쓸 수 없습니다 (힌트: 폴더가 있고 쓰기 가능한지 확인하세요)</translation>
    </message>
    <message>
        <source>%1: could not open the file for writing</source>
        <translation>%1: 파일을 쓰기용으로 열 수 없습니다</translation>
    </message>
    <message>
        <source>%1: nothing was written</source>
        <translation>%1: 아무것도 쓰이지 않았습니다</translation>
    </message>
    <message>
        <source>%1: unknown data type “%2” (hint: use .csv or .json)</source>
        <translation>%1: 알 수 없는 데이터 형식 “%2” (힌트: .csv 또는 .json을 쓰세요)</translation>
    </message>
    <message>
        <source>%1: could not write (hint: check the folder exists and is writable)</source>
        <translation>%1: 쓸 수 없습니다 (힌트: 폴더가 있고 쓰기 가능한지 확인하세요)</translation>
    </message>
    <message>
        <source>Token embeddings</source>
        <translation>토큰 임베딩</translation>
    </message>
    <message>
        <source>vocabulary sample (%1 tokens)</source>
        <translation>어휘 표본 (토큰 %1개)</translation>
    </message>
    <message>
        <source>prompt</source>
        <translation>프롬프트</translation>
    </message>
    <message>
        <source>token embeddings</source>
        <translation>토큰 임베딩</translation>
    </message>
    <message>
        <source>Hidden states</source>
        <translation>은닉 상태</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(없음)</translation>
    </message>
    <message>
        <source>input to layer 0 (embeddings)</source>
        <translation>레이어 0의 입력 (임베딩)</translation>
    </message>
    <message>
        <source>after layer %1</source>
        <translation>레이어 %1 다음</translation>
    </message>
    <message>
        <source>decoder-only: each token sees only the tokens before it, and the model predicts the next one</source>
        <translation>디코더 전용(decoder-only): 각 토큰은 자기 앞의 토큰만 보고, 모델은 다음 토큰을 예측합니다</translation>
    </message>
    <message>
        <source>encoder-only: every token sees the whole text; the model fills masks, classifies and embeds</source>
        <translation>인코더 전용(encoder-only): 모든 토큰이 텍스트 전체를 봅니다. 모델은 마스크를 채우고, 분류하고, 임베딩을 만듭니다</translation>
    </message>
    <message>
        <source>encoder-decoder: an encoder reads the whole input, a decoder writes the output while looking back at it through cross-attention</source>
        <translation>인코더-디코더(encoder-decoder): 인코더가 입력 전체를 읽고, 디코더가 교차 어텐션(cross-attention)으로 그것을 돌아보며 출력을 씁니다</translation>
    </message>
    <message>
        <source>learned position embeddings</source>
        <translation>학습된 위치 임베딩</translation>
    </message>
    <message>
        <source>rotary (RoPE, θ = %1)</source>
        <translation>회전 위치 임베딩 (RoPE, θ = %1)</translation>
    </message>
    <message>
        <source>relative position bias (%1 buckets up to distance %2)</source>
        <translation>상대 위치 편향 (버킷 %1개, 거리 %2까지)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>없음</translation>
    </message>
    <message>
        <source>%1: cannot write (%2)</source>
        <translation>%1: 쓸 수 없습니다 (%2)</translation>
    </message>
    <message numerus="yes">
        <source>+ %n %1</source>
        <comment>a run of padding tokens shown as one chip</comment>
        <translation>
            <numerusform>+ %n %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n padding token(s) (id %1) fill the sequence to the length the tokenizer pads to; the attention mask is 0 there, so the model ignores them</source>
        <translation>
            <numerusform>패딩 토큰 %n개(id %1)가 토크나이저가 채우는 길이까지 시퀀스를 채웁니다. 그 자리의 어텐션 마스크는 0이므로 모델은 이를 무시합니다</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>✂ %n more not read</source>
        <comment>truncation marker: tokens of the text the model never sees</comment>
        <translation>
            <numerusform>✂ 읽지 않은 %n개 더</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The tokenizer&apos;s truncation (max_length) cuts the text here: the model never reads the rest, %n more token(s), bytes %1–%2 of the prompt.</source>
        <translation>
            <numerusform>토크나이저의 잘라내기(truncation, max_length)가 텍스트를 여기서 자릅니다: 모델은 나머지 토큰 %n개(프롬프트의 바이트 %1–%2)를 결코 읽지 않습니다.</numerusform>
        </translation>
    </message>
    <message>
        <source>Model: %1 · Prompt: “%2”</source>
        <translation>모델: %1 · 프롬프트: “%2”</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>모델: %1</translation>
    </message>
    <message>
        <source>Prompt: “%1”</source>
        <translation>프롬프트: “%1”</translation>
    </message>
    <message>
        <source>%1: unknown image type (use .png, .svg or .pdf)</source>
        <translation>%1: 알 수 없는 이미지 형식 (.png, .svg 또는 .pdf를 쓰세요)</translation>
    </message>
    <message>
        <source>%1: unknown data type (use .csv or .json)</source>
        <translation>%1: 알 수 없는 데이터 형식 (.csv 또는 .json을 쓰세요)</translation>
    </message>
    <message>
        <source>%1: cannot create the folder</source>
        <translation>%1: 폴더를 만들 수 없습니다</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG image (*.svg);;PDF document (*.pdf);;CSV data (*.csv);;JSON data (*.json)</source>
        <translation>PNG 이미지 (*.png);;SVG 이미지 (*.svg);;PDF 문서 (*.pdf);;CSV 데이터 (*.csv);;JSON 데이터 (*.json)</translation>
    </message>
    <message>
        <source>Export %1</source>
        <translation>%1 내보내기</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>내보내기 실패</translation>
    </message>
    <message>
        <source>Export View…</source>
        <translation>뷰 내보내기…</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>TokenText</name>
    <message>
        <source>no bytes (inserted by the tokenizer)</source>
        <translation>바이트 없음 (토크나이저가 넣은 토큰)</translation>
    </message>
    <message>
        <source>byte %1</source>
        <translation>바이트 %1</translation>
    </message>
    <message>
        <source>bytes %1–%2</source>
        <translation>바이트 %1–%2</translation>
    </message>
</context>
<context>
    <name>glassbox::ArchitectureMapView</name>
    <message>
        <source>%1 M params</source>
        <translation>파라미터 %1 M개</translation>
    </message>
    <message>
        <source>%1 k params</source>
        <translation>파라미터 %1 k개</translation>
    </message>
    <message>
        <source>%1 params</source>
        <translation>파라미터 %1개</translation>
    </message>
    <message>
        <source>No model is loaded.</source>
        <translation>불러온 모델이 없습니다.</translation>
    </message>
    <message>
        <source>%1 · token %2 of %3 “%4” · layer %5 of %6</source>
        <translation>%1 · 토큰 %2/%3 “%4” · 레이어 %5/%6</translation>
    </message>
    <message>
        <source>%1 · type a prompt to see its values</source>
        <translation>%1 · 프롬프트를 입력하면 값이 보입니다</translation>
    </message>
    <message>
        <source>%1 × layer (showing layer %2) — %3</source>
        <translation>%1 × 레이어 (레이어 %2 표시 중) — %3</translation>
    </message>
    <message>
        <source>%1 %2%</source>
        <translation>%1 %2%</translation>
    </message>
    <message>
        <source>%1 in all (a base model&apos;s size: its memory)</source>
        <translation>총 %1 (기본 모델의 크기, 곧 모델의 메모리)</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>wrote |Δ| %1</source>
        <translation>기록 |Δ| %1</translation>
    </message>
    <message>
        <source>|x| %1</source>
        <translation>|x| %1</translation>
    </message>
    <message>
        <source>Layer %1: click to show it in the map (Up/Down step through the layers).</source>
        <translation>레이어 %1: 클릭하면 맵에 표시됩니다 (위/아래 키로 레이어 이동).</translation>
    </message>
    <message>
        <source>The text cut into tokens; the model only ever sees their ids. Click for the Tokens view.</source>
        <translation>토큰으로 잘린 텍스트입니다. 모델은 오직 그 id만 봅니다. 클릭하면 토큰 뷰가 열립니다.</translation>
    </message>
    <message>
        <source>Each id picks one row of the embedding matrix: the token&apos;s starting vector, the same in every context. The strip is that row (red positive, blue negative).</source>
        <translation>각 id는 임베딩 행렬의 한 행을 고릅니다: 토큰의 시작 벡터로, 어느 문맥에서나 같습니다. 띠가 바로 그 행입니다 (빨강 양수, 파랑 음수).</translation>
    </message>
    <message>
        <source>Attention by itself ignores word order; the position scheme puts it back (a learned vector added, or q and k rotated by position).</source>
        <translation>어텐션 자체는 단어 순서를 무시합니다. 위치 방식이 순서를 되살립니다 (학습된 벡터를 더하거나, q와 k를 위치만큼 회전).</translation>
    </message>
    <message>
        <source>Each head compares this token&apos;s query with the keys of the tokens it may see and takes a weighted mix of their values. The miniature is this token&apos;s attention, one row per head. Click for the head&apos;s inside.</source>
        <translation>각 헤드는 이 토큰의 쿼리를 볼 수 있는 토큰들의 키와 비교하고, 그 값(value)들을 가중합으로 섞습니다. 미니어처는 이 토큰의 어텐션이며, 헤드마다 한 행입니다. 클릭하면 헤드 내부를 볼 수 있습니다.</translation>
    </message>
    <message>
        <source>The decoder&apos;s queries look at the encoder&apos;s output: this is where the input text reaches the output.</source>
        <translation>디코더의 쿼리가 인코더의 출력을 봅니다: 입력 텍스트가 출력에 닿는 곳이 바로 여기입니다.</translation>
    </message>
    <message>
        <source>The sub-layer&apos;s output is added to the residual stream (the skip connection) and normalised; |x| is the stream&apos;s length after it.</source>
        <translation>서브레이어의 출력이 잔차 스트림에 더해지고(스킵 연결, skip connection) 정규화됩니다. |x|는 그 뒤 스트림의 길이입니다.</translation>
    </message>
    <message>
        <source>Two linear maps with a non-linearity between them, applied to each token on its own: a widening to F neurons and back. The strip is the neurons&apos; activations. Click for the feed-forward view.</source>
        <translation>두 선형 변환 사이에 비선형 함수를 둔 것으로, 각 토큰에 따로 적용됩니다: 뉴런 F개로 넓혔다가 되돌립니다. 띠는 뉴런들의 활성값입니다. 클릭하면 피드포워드 뷰가 열립니다.</translation>
    </message>
    <message>
        <source>One last normalisation of the residual stream before it is read out.</source>
        <translation>읽어 내기 전에 잔차 스트림을 마지막으로 한 번 정규화합니다.</translation>
    </message>
    <message>
        <source>A linear map from the residual stream to one score per vocabulary token.</source>
        <translation>잔차 스트림을 어휘 토큰마다 점수 하나로 옮기는 선형 변환입니다.</translation>
    </message>
    <message>
        <source>The raw scores (logits) of the most likely tokens, before the softmax. Click for logits, logits / T and the softmax side by side.</source>
        <translation>가장 유력한 토큰들의 원점수(로짓, logit)로, 소프트맥스 전입니다. 클릭하면 로짓, 로짓 / T, 소프트맥스를 나란히 볼 수 있습니다.</translation>
    </message>
    <message>
        <source>exp(logit / T) normalised to sum to 1: the scores become probabilities. Temperature T flattens (T &gt; 1) or sharpens (T &lt; 1) them.</source>
        <translation>exp(logit / T)를 합이 1이 되도록 정규화: 점수가 확률이 됩니다. 온도 T는 분포를 평평하게(T &gt; 1) 하거나 뾰족하게(T &lt; 1) 만듭니다.</translation>
    </message>
    <message>
        <source>One token is drawn from the probabilities (or the most likely taken) and appended to the text.</source>
        <translation>확률에 따라 토큰 하나를 뽑아(또는 가장 유력한 토큰을 골라) 텍스트 뒤에 붙입니다.</translation>
    </message>
    <message>
        <source>An encoder ends at its head: hidden states, a pooled vector or labels, not a next token.</source>
        <translation>인코더는 헤드에서 끝납니다: 다음 토큰이 아니라 은닉 상태, 풀링된 벡터 또는 레이블을 냅니다.</translation>
    </message>
    <message>
        <source>Architecture, token %1 “%2”, layer %3</source>
        <translation>아키텍처, 토큰 %1 “%2”, 레이어 %3</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>아키텍처</translation>
    </message>
</context>
<context>
    <name>glassbox::AttentionGrid</name>
    <message>
        <source>prev = mostly the previous token</source>
        <translation>prev = 주로 이전 토큰</translation>
    </message>
    <message>
        <source>first = the first token</source>
        <translation>first = 첫 토큰</translation>
    </message>
    <message>
        <source>self = itself</source>
        <translation>self = 자기 자신</translation>
    </message>
    <message>
        <source>unif = spread evenly, no focus</source>
        <translation>unif = 고르게 퍼짐, 초점 없음</translation>
    </message>
    <message>
        <source>no badge = mixed · number = score</source>
        <translation>배지 없음 = 혼합 · 숫자 = 점수</translation>
    </message>
    <message>
        <source>in a cell: rows = queries, columns = keys</source>
        <translation>칸 안: 행 = 쿼리(query), 열 = 키(key)</translation>
    </message>
    <message>
        <source>No attention yet: type a prompt.</source>
        <translation>아직 어텐션이 없습니다: 프롬프트를 입력하세요.</translation>
    </message>
    <message>
        <source>H%1</source>
        <translation>H%1</translation>
    </message>
    <message>
        <source>L%1</source>
        <translation>L%1</translation>
    </message>
    <message>
        <source>KV head %1</source>
        <translation>KV 헤드 %1</translation>
    </message>
    <message>
        <source>KV%1</source>
        <translation>KV%1</translation>
    </message>
    <message>
        <source>Layer %1, head %2 (KV head %3)</source>
        <translation>레이어 %1, 헤드 %2 (KV 헤드 %3)</translation>
    </message>
    <message>
        <source>Layer %1, head %2</source>
        <translation>레이어 %1, 헤드 %2</translation>
    </message>
    <message>
        <source>mixed: no single pattern (the closest scores %1)</source>
        <translation>혼합: 하나의 패턴이 없음 (가장 가까운 점수 %1)</translation>
    </message>
    <message>
        <source>%1, score %2</source>
        <translation>%1, 점수 %2</translation>
    </message>
    <message>
        <source>previous %1 · first %2 · self %3 · evenness %4</source>
        <translation>이전 %1 · 첫 %2 · 자기 %3 · 균등도 %4</translation>
    </message>
    <message>
        <source>entropy %1 nats (normalised %2)</source>
        <translation>엔트로피 %1 nats (정규화 %2)</translation>
    </message>
</context>
<context>
    <name>glassbox::AttentionHeadView</name>
    <message>
        <source>Attention: one head</source>
        <translation>어텐션: 헤드 하나</translation>
    </message>
    <message>
        <source>attention weight</source>
        <translation>어텐션 가중치</translation>
    </message>
    <message>
        <source>key (attended-to token)</source>
        <translation>키 (주목받는 토큰)</translation>
    </message>
    <message>
        <source>query (attending token)</source>
        <translation>쿼리 (주목하는 토큰)</translation>
    </message>
    <message>
        <source>layer </source>
        <translation>레이어 </translation>
    </message>
    <message>
        <source>head </source>
        <translation>헤드 </translation>
    </message>
    <message>
        <source>This head</source>
        <translation>이 헤드</translation>
    </message>
    <message>
        <source>Mean of layer&apos;s heads</source>
        <translation>레이어 헤드들의 평균</translation>
    </message>
    <message>
        <source>Max of layer&apos;s heads</source>
        <translation>레이어 헤드들의 최댓값</translation>
    </message>
    <message>
        <source>Rollout up to layer</source>
        <translation>이 레이어까지 롤아웃(rollout)</translation>
    </message>
    <message>
        <source>Heatmap</source>
        <translation>히트맵</translation>
    </message>
    <message>
        <source>Lines</source>
        <translation>선</translation>
    </message>
    <message>
        <source>Hover a cell to read its weight; click to select a query row.</source>
        <translation>칸 위에 마우스를 올리면 가중치가 보이고, 클릭하면 쿼리 행이 선택됩니다.</translation>
    </message>
    <message>
        <source>&lt;b&gt;No attention yet&lt;/b&gt;</source>
        <translation>&lt;b&gt;아직 어텐션이 없습니다&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Layer %1 · head %2&lt;/b&gt; — mixed: no single pattern (the closest scores %3), entropy %4 nats</source>
        <translation>&lt;b&gt;레이어 %1 · 헤드 %2&lt;/b&gt; — 혼합: 하나의 패턴이 없음 (가장 가까운 점수 %3), 엔트로피 %4 nats</translation>
    </message>
    <message>
        <source>&lt;b&gt;Layer %1 · head %2&lt;/b&gt; — %3 (score %4), entropy %5 nats, shares KV head %6</source>
        <translation>&lt;b&gt;레이어 %1 · 헤드 %2&lt;/b&gt; — %3 (점수 %4), 엔트로피 %5 nats, KV 헤드 %6 공유</translation>
    </message>
    <message>
        <source>&lt;b&gt;Layer %1 · head %2&lt;/b&gt; — %3 (score %4), entropy %5 nats</source>
        <translation>&lt;b&gt;레이어 %1 · 헤드 %2&lt;/b&gt; — %3 (점수 %4), 엔트로피 %5 nats</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;Layer %1&lt;/b&gt; — mean over its %n head(s)</source>
        <translation>
            <numerusform>&lt;b&gt;레이어 %1&lt;/b&gt; — 헤드 %n개의 평균</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;Layer %1&lt;/b&gt; — max over its %n head(s) (rows need not sum to 1)</source>
        <translation>
            <numerusform>&lt;b&gt;레이어 %1&lt;/b&gt; — 헤드 %n개의 최댓값 (행의 합이 1이 아닐 수 있음)</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;b&gt;Rollout through layers 0–%1&lt;/b&gt; — how much each input token reaches each position</source>
        <translation>&lt;b&gt;레이어 0–%1 롤아웃&lt;/b&gt; — 각 입력 토큰이 각 위치에 얼마나 닿는지</translation>
    </message>
    <message>
        <source>query %1 “%2” cannot see key %3 “%4” (causal mask)</source>
        <translation>쿼리 %1 “%2”는 키 %3 “%4”를 볼 수 없습니다 (인과 마스크, causal mask)</translation>
    </message>
    <message>
        <source>query %1 “%2” → key %3 “%4”: %5</source>
        <translation>쿼리 %1 “%2” → 키 %3 “%4”: %5</translation>
    </message>
    <message>
        <source>Attention of layer %1 · head %2</source>
        <translation>레이어 %1 · 헤드 %2의 어텐션</translation>
    </message>
    <message numerus="yes">
        <source>Attention of layer %1: mean of its %n head(s)</source>
        <translation>
            <numerusform>레이어 %1의 어텐션: 헤드 %n개의 평균</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Attention of layer %1: max of its %n head(s)</source>
        <translation>
            <numerusform>레이어 %1의 어텐션: 헤드 %n개의 최댓값</numerusform>
        </translation>
    </message>
    <message>
        <source>Attention rollout through layers 0–%1</source>
        <translation>레이어 0–%1 어텐션 롤아웃</translation>
    </message>
    <message>
        <source>key: input (encoder) token</source>
        <translation>키: 입력(인코더) 토큰</translation>
    </message>
    <message>
        <source>query: output (decoder) token</source>
        <translation>쿼리: 출력(디코더) 토큰</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
</context>
<context>
    <name>glassbox::AttentionLinesWidget</name>
    <message>
        <source>No attention to show.</source>
        <translation>보여 줄 어텐션이 없습니다.</translation>
    </message>
    <message>
        <source>query</source>
        <translation>쿼리</translation>
    </message>
    <message>
        <source>key</source>
        <translation>키</translation>
    </message>
</context>
<context>
    <name>glassbox::AttentionModelView</name>
    <message>
        <source>0 – 1</source>
        <translation>0 – 1</translation>
    </message>
    <message>
        <source>Attention: all heads</source>
        <translation>어텐션: 모든 헤드</translation>
    </message>
    <message>
        <source>√ colour scale</source>
        <translation>√ 색 척도</translation>
    </message>
    <message>
        <source>Colour by the square root of the weight, so that small weights stay visible.</source>
        <translation>가중치의 제곱근으로 색을 칠해 작은 가중치도 보이게 합니다.</translation>
    </message>
    <message>
        <source>%1 Scroll for the rest: the cells are at their smallest (%2 px).</source>
        <translation>%1 나머지는 스크롤하세요: 칸이 가장 작은 크기(%2 px)입니다.</translation>
    </message>
    <message>
        <source>Attention of every head</source>
        <translation>모든 헤드의 어텐션</translation>
    </message>
    <message numerus="yes">
        <source>Attention of every head: %1 layers × %2 heads, %n token(s)</source>
        <translation>
            <numerusform>모든 헤드의 어텐션: 레이어 %1개 × 헤드 %2개, 토큰 %n개</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of every head: %2 layers × %3 heads, %4 output × %5 input tokens</source>
        <translation>모든 헤드의 %1: 레이어 %2개 × 헤드 %3개, 출력 토큰 %4개 × 입력 토큰 %5개</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
</context>
<context>
    <name>glassbox::ClassificationView</name>
    <message>
        <source>probability</source>
        <translation>확률</translation>
    </message>
    <message>
        <source>This model has no classification head: open a …ForSequenceClassification (sentiment) or …ForTokenClassification (entities) checkpoint.</source>
        <translation>이 모델에는 분류 헤드가 없습니다. …ForSequenceClassification(감성) 또는 …ForTokenClassification(개체명) 체크포인트를 여세요.</translation>
    </message>
    <message>
        <source>The whole text is classified from its first token ([CLS]): %1 (p = %2). The bars follow as you type.</source>
        <translation>글 전체를 첫 토큰([CLS])으로 분류합니다: %1 (p = %2). 입력하는 대로 막대가 바뀝니다.</translation>
    </message>
    <message>
        <source>&lt;p&gt;No entity found.&lt;/p&gt;</source>
        <translation>&lt;p&gt;찾은 개체가 없습니다.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Each token gets a label of its own; tokens of one entity are grouped into spans.</source>
        <translation>토큰마다 자기 레이블을 받고, 같은 개체의 토큰은 구간으로 묶입니다.</translation>
    </message>
    <message>
        <source>Classification, the label probabilities</source>
        <translation>분류, 레이블 확률</translation>
    </message>
    <message>
        <source>Classification, an entity per token</source>
        <translation>분류, 토큰별 개체</translation>
    </message>
</context>
<context>
    <name>glassbox::CompareTokenizerDialog</name>
    <message>
        <source>Compare tokenizers</source>
        <translation>토크나이저 비교</translation>
    </message>
    <message>
        <source>&lt;p&gt;The Tokens view can split the same prompt with a second tokenizer, side by side, so you can see how differently two models read the same text and how many tokens each needs (fewer tokens per byte: a vocabulary that fits the text better).&lt;/p&gt;&lt;p&gt;Choose the tokenizer of a model you opened before, or a tokenizer file of your own: a Hugging Face &lt;b&gt;tokenizer.json&lt;/b&gt; or a llama2.c &lt;b&gt;tokenizer.bin&lt;/b&gt;.&lt;/p&gt;</source>
        <translation>&lt;p&gt;토큰 뷰는 같은 프롬프트를 두 번째 토크나이저로도 나누어 나란히 보여 줄 수 있습니다. 두 모델이 같은 텍스트를 얼마나 다르게 읽는지, 각각 토큰이 몇 개 필요한지 볼 수 있습니다 (바이트당 토큰이 적을수록 그 텍스트에 더 잘 맞는 어휘입니다).&lt;/p&gt;&lt;p&gt;전에 열었던 모델의 토크나이저를 고르거나, 직접 가진 토크나이저 파일을 고르세요: Hugging Face &lt;b&gt;tokenizer.json&lt;/b&gt; 또는 llama2.c &lt;b&gt;tokenizer.bin&lt;/b&gt;.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>No other model opened recently: use Browse… to choose a tokenizer file.</source>
        <translation>최근에 연 다른 모델이 없습니다: 찾아보기…로 토크나이저 파일을 고르세요.</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>비교</translation>
    </message>
    <message>
        <source>Browse for a File…</source>
        <translation>파일 찾아보기…</translation>
    </message>
    <message>
        <source>Stop Comparing</source>
        <translation>비교 그만두기</translation>
    </message>
    <message>
        <source>Choose a tokenizer file</source>
        <translation>토크나이저 파일 고르기</translation>
    </message>
    <message>
        <source>Tokenizers (tokenizer.json *.json *.bin);;All files (*)</source>
        <translation>토크나이저 (tokenizer.json *.json *.bin);;모든 파일 (*)</translation>
    </message>
</context>
<context>
    <name>glassbox::EmbeddingsView</name>
    <message>
        <source>cosine of “%1” in the two sentences: %2</source>
        <translation>두 문장 속 “%1”의 코사인: %2</translation>
    </message>
    <message>
        <source>cosine of “%1” in the two sentences, %2: %3
by layer, from the embeddings up: %4</source>
        <translation>두 문장 속 “%1”의 코사인, %2: %3
레이어별, 임베딩부터 위로: %4</translation>
    </message>
    <message>
        <source>&lt;b&gt;Embeddings&lt;/b&gt;: run a prompt to see where its tokens live.</source>
        <translation>&lt;b&gt;임베딩(embedding)&lt;/b&gt;: 프롬프트를 실행하면 토큰들이 어디에 있는지 보입니다.</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; — %2 points × %3 dimensions. %4</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; — 점 %2개 × %3차원. %4</translation>
    </message>
    <message>
        <source>start of a path: the token&apos;s embedding</source>
        <translation>경로의 시작: 토큰의 임베딩</translation>
    </message>
    <message numerus="yes">
        <source>… and %n more path(s): hover a point to name it</source>
        <translation>
            <numerusform>… 그리고 경로 %n개 더: 점 위에 마우스를 올리면 이름이 보입니다</numerusform>
        </translation>
    </message>
    <message>
        <source>Embeddings</source>
        <translation>임베딩</translation>
    </message>
    <message>
        <source>t-SNE</source>
        <translation>t-SNE</translation>
    </message>
    <message>
        <source>PCA over all layers</source>
        <translation>모든 레이어에 걸친 PCA</translation>
    </message>
    <message>
        <source>PCA</source>
        <translation>PCA</translation>
    </message>
    <message>
        <source>“%1” in two sentences, %2 (%3)</source>
        <translation>두 문장 속 “%1”, %2 (%3)</translation>
    </message>
    <message>
        <source>%1, %2 (%3)</source>
        <translation>%1, %2 (%3)</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>t-SNE cancelled</source>
        <translation>t-SNE 취소됨</translation>
    </message>
    <message>
        <source>t-SNE done, KL %1</source>
        <translation>t-SNE 완료, KL %1</translation>
    </message>
    <message>
        <source>t-SNE failed: %1</source>
        <translation>t-SNE 실패: %1</translation>
    </message>
    <message>
        <source>PCA is linear and instant; t-SNE keeps neighbourhoods and takes a few seconds.</source>
        <translation>PCA는 선형이고 즉시 끝납니다. t-SNE는 이웃 관계를 보존하며 몇 초 걸립니다.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>+ </source>
        <translation>+ </translation>
    </message>
    <message>
        <source> vocabulary tokens</source>
        <translation> 어휘 토큰</translation>
    </message>
    <message>
        <source>How many tokens of the vocabulary to project beside the prompt&apos;s.</source>
        <translation>프롬프트 토큰 옆에 함께 투영할 어휘 토큰 수.</translation>
    </message>
    <message>
        <source>Paths through all layers</source>
        <translation>모든 레이어를 지나는 경로</translation>
    </message>
    <message>
        <source>Each layer on its own</source>
        <translation>레이어마다 따로</translation>
    </message>
    <message>
        <source>One PCA fitted on every layer&apos;s states together: each line is a token&apos;s path from its embedding (open circle) to the last layer, in the same axes, so you can see how far and in which direction context moves it. The slider moves the big dots along the paths.</source>
        <translation>모든 레이어의 상태를 함께 맞춘 PCA 하나: 각 선은 토큰이 임베딩(빈 원)에서 마지막 레이어까지 가는 경로이며 모두 같은 축 위에 있어서, 문맥이 토큰을 얼마나, 어느 방향으로 움직이는지 볼 수 있습니다. 슬라이더는 큰 점을 경로를 따라 옮깁니다.</translation>
    </message>
    <message>
        <source>A separate PCA for each layer: the best 2D view of that layer, but the axes change from layer to layer, so positions cannot be compared across the slider.</source>
        <translation>레이어마다 따로 맞춘 PCA: 그 레이어를 가장 잘 보여 주는 2차원 그림이지만, 축이 레이어마다 바뀌므로 슬라이더를 옮기며 위치를 비교할 수는 없습니다.</translation>
    </message>
    <message>
        <source>“%1” (id %2), position %3 of “%4”</source>
        <translation>“%1” (id %2), “%4”의 위치 %3</translation>
    </message>
    <message>
        <source>“%1” (id %2)</source>
        <translation>“%1” (id %2)</translation>
    </message>
    <message>
        <source>Click a point to list its nearest neighbours (cosine).</source>
        <translation>점을 클릭하면 가장 가까운 이웃(코사인)이 나열됩니다.</translation>
    </message>
    <message>
        <source>value</source>
        <translation>값</translation>
    </message>
    <message>
        <source>PCA…</source>
        <translation>PCA…</translation>
    </message>
    <message>
        <source>PCA failed: %1</source>
        <translation>PCA 실패: %1</translation>
    </message>
    <message>
        <source>One PCA over all %1 layers (PC1 %2 %, PC2 %3 %): each line is a token&apos;s path from its embedding (open circle) to the last layer; the big dots are at the slider&apos;s layer.</source>
        <translation>모든 레이어 %1개에 걸친 PCA 하나 (PC1 %2 %, PC2 %3 %): 각 선은 토큰이 임베딩(빈 원)에서 마지막 레이어까지 가는 경로이고, 큰 점은 슬라이더가 가리키는 레이어에 있습니다.</translation>
    </message>
    <message>
        <source>PCA: PC1 %1 %, PC2 %2 % of the variance</source>
        <translation>PCA: 분산의 PC1 %1 %, PC2 %2 %</translation>
    </message>
    <message>
        <source>PC1</source>
        <translation>PC1</translation>
    </message>
    <message>
        <source>PC2</source>
        <translation>PC2</translation>
    </message>
    <message>
        <source>PCA, all layers</source>
        <translation>PCA, 모든 레이어</translation>
    </message>
    <message>
        <source>t-SNE starting…</source>
        <translation>t-SNE 시작 중…</translation>
    </message>
    <message>
        <source>t-SNE, perplexity %1, seed %2: distances between clusters carry little meaning</source>
        <translation>t-SNE, 퍼플렉시티(perplexity) %1, 시드 %2: 군집 사이의 거리에는 별 의미가 없습니다</translation>
    </message>
    <message>
        <source>t-SNE %1/%2, KL %3</source>
        <translation>t-SNE %1/%2, KL %3</translation>
    </message>
    <message>
        <source>Click a point to list its nearest neighbours (cosine) and see its raw vector.</source>
        <translation>점을 클릭하면 가장 가까운 이웃(코사인)이 나열되고 원래 벡터가 보입니다.</translation>
    </message>
    <message>
        <source>dimension</source>
        <translation>차원</translation>
    </message>
    <message>
        <source>&lt;b&gt;“%1”&lt;/b&gt; (id %2) — nearest by cosine, %3:</source>
        <translation>&lt;b&gt;“%1”&lt;/b&gt; (id %2) — 코사인 기준 가장 가까운 것, %3:</translation>
    </message>
    <message>
        <source>  [%1 @%2]</source>
        <translation>  [%1 @%2]</translation>
    </message>
    <message>
        <source>dimension (%1 numbers, d_model = %1) of “%2”</source>
        <translation>“%2”의 차원 (숫자 %1개, d_model = %1)</translation>
    </message>
</context>
<context>
    <name>glassbox::FeedForwardView</name>
    <message>
        <source>The feed-forward network widens each token&apos;s vector to F neurons, applies the activation, and projects back. Each neuron&apos;s output weights push some tokens up and others down. Up/Down: layer; Left/Right: token; click the heatmap to pick a token and a neuron.</source>
        <translation>피드포워드 네트워크는 각 토큰의 벡터를 뉴런 F개로 넓히고, 활성화 함수를 적용한 뒤, 다시 투영합니다. 각 뉴런의 출력 가중치는 어떤 토큰은 올리고 어떤 토큰은 내립니다. 위/아래: 레이어, 왼쪽/오른쪽: 토큰, 히트맵을 클릭하면 토큰과 뉴런을 고릅니다.</translation>
    </message>
    <message>
        <source>Type a prompt: the feed-forward network of each layer appears here.</source>
        <translation>프롬프트를 입력하세요: 각 레이어의 피드포워드 네트워크가 여기에 나타납니다.</translation>
    </message>
    <message>
        <source>Activations [%1 tokens × %2 neurons]: red positive, blue negative. The outlined row is the selected token.</source>
        <translation>활성값 [토큰 %1개 × 뉴런 %2개]: 빨강 양수, 파랑 음수. 테두리 친 행이 선택한 토큰입니다.</translation>
    </message>
    <message>
        <source>Most active for “%1”</source>
        <translation>“%1”에 가장 활성화된 뉴런</translation>
    </message>
    <message>
        <source>neuron %1: %2</source>
        <translation>뉴런 %1: %2</translation>
    </message>
    <message>
        <source>neuron %1: %2 = gate %3 × up %4</source>
        <translation>뉴런 %1: %2 = 게이트 %3 × 업 %4</translation>
    </message>
    <message>
        <source>Neuron %1 over the prompt</source>
        <translation>프롬프트 전체에서의 뉴런 %1</translation>
    </message>
    <message>
        <source>Its output pushes up / down</source>
        <translation>이 뉴런의 출력이 올리는 / 내리는 토큰</translation>
    </message>
    <message>
        <source>↑ %1 (%2)</source>
        <translation>↑ %1 (%2)</translation>
    </message>
    <message>
        <source>↓ %1 (%2)</source>
        <translation>↓ %1 (%2)</translation>
    </message>
    <message>
        <source>What each layer wrote into “%1”: attention (orange) and feed-forward (green), |Δ residual|</source>
        <translation>각 레이어가 “%1”에 쓴 양: 어텐션(주황)과 피드포워드(초록), |Δ 잔차|</translation>
    </message>
    <message>
        <source>Feed-forward network</source>
        <translation>피드포워드 네트워크</translation>
    </message>
    <message>
        <source>Feed-forward network, layer %1 of %2, token %3 “%4”, neuron %5</source>
        <translation>피드포워드 네트워크, 레이어 %1/%2, 토큰 %3 “%4”, 뉴런 %5</translation>
    </message>
</context>
<context>
    <name>glassbox::GenerationController</name>
    <message>
        <source>Type a prompt first: generation continues it.</source>
        <translation>먼저 프롬프트를 입력하세요: 생성은 프롬프트를 이어 씁니다.</translation>
    </message>
    <message>
        <source>The context is full (%1 tokens): the model cannot see further.</source>
        <translation>컨텍스트가 가득 찼습니다 (토큰 %1개): 모델은 더 멀리 볼 수 없습니다.</translation>
    </message>
    <message>
        <source>The model ended the text (end-of-sequence token).</source>
        <translation>모델이 텍스트를 끝냈습니다 (시퀀스 끝 토큰, end-of-sequence).</translation>
    </message>
</context>
<context>
    <name>glassbox::GenerationView</name>
    <message>
        <source>Step</source>
        <translation>한 걸음</translation>
    </message>
    <message>
        <source>Add one token: the sampler chain draws it from the distribution after the last token. Next token then shows the step, unless another position is pinned there.</source>
        <translation>토큰 하나를 더합니다: 샘플러 체인이 마지막 토큰 다음의 분포에서 하나를 뽑습니다. 다른 위치가 고정되어 있지 않으면 다음 토큰 뷰가 그 단계를 보여 줍니다.</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>생성</translation>
    </message>
    <message>
        <source>Add tokens one after another until the maximum, streaming them as they come.</source>
        <translation>최댓값에 이를 때까지 토큰을 하나씩 이어 붙이며, 나오는 대로 보여 줍니다.</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>초기화</translation>
    </message>
    <message>
        <source>Forget the continuation and start again from the prompt.</source>
        <translation>이어 쓴 부분을 버리고 프롬프트에서 다시 시작합니다.</translation>
    </message>
    <message>
        <source>Sample</source>
        <translation>샘플링</translation>
    </message>
    <message>
        <source>Greedy</source>
        <translation>그리디</translation>
    </message>
    <message>
        <source>Greedy always takes the most likely token; Sample draws at random from the adjusted distribution.</source>
        <translation>그리디(greedy)는 늘 가장 가능성 높은 토큰을 고르고, 샘플링(sampling)은 조정된 분포에서 무작위로 뽑습니다.</translation>
    </message>
    <message>
        <source>max </source>
        <translation>최대 </translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> 토큰</translation>
    </message>
    <message>
        <source>How many tokens Generate adds at most.</source>
        <translation>생성이 최대 몇 개의 토큰을 더할지 (최대 새 토큰 수, max new tokens).</translation>
    </message>
    <message>
        <source>Continuations replaced by choosing a different token; pick one to bring it back.</source>
        <translation>다른 토큰을 골라서 대체된 이어쓰기들입니다. 하나를 고르면 되돌아옵니다.</translation>
    </message>
    <message>
        <source>Next token follows</source>
        <translation>다음 토큰 뷰가 따라감</translation>
    </message>
    <message>
        <source>On: after every step the Next token view shows that step&apos;s distribution. Clicking a token (here or in Tokens) pins it and turns this off.</source>
        <translation>켜짐: 매 단계 뒤에 다음 토큰 뷰가 그 단계의 분포를 보여 줍니다. 토큰을 클릭하면(여기서든 토큰 뷰에서든) 그 토큰이 고정되고 이 옵션은 꺼집니다.</translation>
    </message>
    <message>
        <source>Colour of a generated token: the probability it had in the distribution it was drawn from (after the sampler chain), from red (0.1 % or less) to green (100 %).</source>
        <translation>생성된 토큰의 색: 그 토큰이 뽑힌 분포(샘플러 체인 적용 후)에서 가졌던 확률, 빨강(0.1 % 이하)부터 초록(100 %)까지.</translation>
    </message>
    <message>
        <source>p when drawn:</source>
        <translation>뽑힐 때 p:</translation>
    </message>
    <message>
        <source>Branches:</source>
        <translation>가지:</translation>
    </message>
    <message>
        <source>Press Step or Generate to continue the prompt. Generated tokens are coloured by the probability they had: green likely, red unlikely. Click one to see its distribution; click a bar there to branch.</source>
        <translation>한 걸음 또는 생성을 누르면 프롬프트를 이어 씁니다. 생성된 토큰은 그 토큰이 가졌던 확률로 색칠됩니다: 초록은 그럴듯함, 빨강은 뜻밖. 토큰을 클릭하면 그 분포가 보이고, 거기서 막대를 클릭하면 가지를 칩니다.</translation>
    </message>
    <message>
        <source>step %1: id %2, p = %3 %
chosen by hand (branch)</source>
        <translation>단계 %1: id %2, p = %3 %
직접 고름 (가지)</translation>
    </message>
    <message>
        <source>step %1: id %2, p = %3 %</source>
        <translation>단계 %1: id %2, p = %3 %</translation>
    </message>
    <message numerus="yes">
        <source>%n branch(es)</source>
        <translation>
            <numerusform>가지 %n개</numerusform>
        </translation>
    </message>
    <message>
        <source>from step %1: “%2”</source>
        <translation>단계 %1부터: “%2”</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>멈춤</translation>
    </message>
    <message numerus="yes">
        <source>Generation: %n token(s) after the prompt</source>
        <translation>
            <numerusform>생성: 프롬프트 뒤 토큰 %n개</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Generation: %n token(s) after the prompt (%1)</source>
        <translation>
            <numerusform>생성: 프롬프트 뒤 토큰 %n개 (%1)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>glassbox::LessonDock</name>
    <message>
        <source>Step %v of %m</source>
        <translation>%m단계 중 %v단계</translation>
    </message>
    <message>
        <source>◀ Back</source>
        <translation>◀ 이전</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>다음 ▶</translation>
    </message>
    <message>
        <source>End Lesson</source>
        <translation>수업 끝내기</translation>
    </message>
    <message>
        <source>Leave the lesson and bring back what you had before it started.</source>
        <translation>수업을 마치고, 수업을 시작하기 전의 상태로 되돌립니다.</translation>
    </message>
    <message>
        <source>%1. %2</source>
        <translation>%1. %2</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Try:&lt;/b&gt; %1&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;해 보기:&lt;/b&gt; %1&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>glassbox::LogitLensView</name>
    <message>
        <source>The logit lens: the residual stream after each layer read out as if it were the last (final norm, then the head). Each cell is the token predicted there and its probability. Outlined cells got the actual next token right; the black bar marks the first layer from which the final answer stays on top.</source>
        <translation>로짓 렌즈(logit lens): 각 레이어 다음의 잔차 스트림을 마지막 레이어의 것처럼 읽어 냅니다 (최종 정규화 후 헤드). 각 칸은 그 자리에서 예측된 토큰과 그 확률입니다. 테두리 친 칸은 실제 다음 토큰을 맞힌 것이고, 검은 막대는 최종 답이 그때부터 계속 1위를 지키는 첫 레이어를 표시합니다.</translation>
    </message>
    <message>
        <source>This model has no vocabulary head: there is nothing to decode the residual stream with.</source>
        <translation>이 모델에는 어휘 헤드가 없습니다: 잔차 스트림을 해독할 수단이 없습니다.</translation>
    </message>
    <message>
        <source>Type a prompt: the logit lens appears here.</source>
        <translation>프롬프트를 입력하세요: 로짓 렌즈가 여기에 나타납니다.</translation>
    </message>
    <message>
        <source>embedding</source>
        <translation>임베딩</translation>
    </message>
    <message>
        <source>layer %1</source>
        <translation>레이어 %1</translation>
    </message>
    <message>
        <source>Columns: the prompt&apos;s tokens; each cell predicts the token after its column. Green outline: the actual next token.</source>
        <translation>열: 프롬프트의 토큰들. 각 칸은 그 열 다음에 올 토큰을 예측합니다. 초록 테두리: 실제 다음 토큰.</translation>
    </message>
    <message numerus="yes">
        <source>Logit lens: the prediction at every layer boundary (%n position(s))</source>
        <translation>
            <numerusform>로짓 렌즈: 레이어 경계마다의 예측 (위치 %n개)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>glassbox::LogitsView</name>
    <message>
        <source>The head gives every vocabulary token a score, its logit z. Dividing by the temperature T stretches (T &lt; 1) or squeezes (T &gt; 1) the scores; the softmax exp(z/T) / Σ exp(z/T) turns them into probabilities that sum to 1. Move the temperature in Next token to watch.</source>
        <translation>헤드는 어휘의 모든 토큰에 점수, 곧 로짓 z를 줍니다. 온도 T로 나누면 점수 간격이 벌어지거나(T &lt; 1) 좁아집니다(T &gt; 1). 소프트맥스 exp(z/T) / Σ exp(z/T)는 이를 합이 1인 확률로 바꿉니다. 다음 토큰 뷰에서 온도를 움직여 보세요.</translation>
    </message>
    <message>
        <source>Type a prompt: its logits appear here.</source>
        <translation>프롬프트를 입력하세요: 로짓이 여기에 나타납니다.</translation>
    </message>
    <message>
        <source>1. logit z</source>
        <translation>1. 로짓 z</translation>
    </message>
    <message>
        <source>2. T = 0: greedy</source>
        <translation>2. T = 0: 그리디</translation>
    </message>
    <message>
        <source>2. z / T  (T = %1)</source>
        <translation>2. z / T  (T = %1)</translation>
    </message>
    <message>
        <source>3. softmax p</source>
        <translation>3. 소프트맥스 p</translation>
    </message>
    <message>
        <source>the head&apos;s score</source>
        <translation>헤드의 점수</translation>
    </message>
    <message>
        <source>no division: the largest wins</source>
        <translation>나누지 않음: 가장 큰 값이 이김</translation>
    </message>
    <message>
        <source>divided by the temperature</source>
        <translation>온도로 나눔</translation>
    </message>
    <message>
        <source>exp(z/T) / Σ exp(z/T), all %1 tokens</source>
        <translation>exp(z/T) / Σ exp(z/T), 토큰 %1개 전체</translation>
    </message>
    <message>
        <source>Logits before softmax</source>
        <translation>소프트맥스 전의 로짓</translation>
    </message>
    <message>
        <source>Logits before softmax, %1</source>
        <translation>소프트맥스 전의 로짓, %1</translation>
    </message>
</context>
<context>
    <name>glassbox::MainWindow</name>
    <message>
        <source>Attention</source>
        <translation>어텐션</translation>
    </message>
    <message>
        <source>Embeddings</source>
        <translation>임베딩</translation>
    </message>
    <message>
        <source>Positions</source>
        <translation>위치</translation>
    </message>
    <message>
        <source>Analysis views: %1</source>
        <translation>분석 뷰: %1</translation>
    </message>
    <message>
        <source>Token embeddings: the prompt&apos;s tokens among a vocabulary sample</source>
        <translation>토큰 임베딩: 어휘 표본 가운데의 프롬프트 토큰들</translation>
    </message>
    <message>
        <source>Hidden states of this prompt, layer by layer</source>
        <translation>이 프롬프트의 은닉 상태, 레이어별</translation>
    </message>
    <message>
        <source>One word in two sentences: its hidden states compared</source>
        <translation>두 문장 속 한 단어: 그 은닉 상태 비교</translation>
    </message>
    <message>
        <source>Rows of the embedding matrix: where each token starts, before any context.</source>
        <translation>임베딩 행렬의 행: 문맥을 읽기 전, 각 토큰이 출발하는 자리.</translation>
    </message>
    <message>
        <source>The residual stream after each layer: move the slider to watch context reshape the tokens.</source>
        <translation>각 레이어 다음의 잔차 스트림(residual stream): 슬라이더를 움직여 문맥이 토큰을 다시 빚는 모습을 보세요.</translation>
    </message>
    <message>
        <source>Pick a word of the prompt and a second sentence that uses it: both start from the same token embedding (each plus its position) and move apart as the layers read their contexts; the cosine between them is written on the plot, layer by layer.</source>
        <translation>프롬프트의 한 단어와 그 단어를 쓰는 두 번째 문장을 고르세요: 둘 다 같은 토큰 임베딩(각자의 위치를 더한 것)에서 출발해, 레이어가 각자의 문맥을 읽으면서 멀어집니다. 둘 사이의 코사인이 레이어별로 그림에 적힙니다.</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>보기:</translation>
    </message>
    <message>
        <source>A word of the prompt</source>
        <translation>프롬프트의 한 단어</translation>
    </message>
    <message>
        <source>a second sentence that uses the word</source>
        <translation>그 단어를 쓰는 두 번째 문장</translation>
    </message>
    <message>
        <source>The word&apos;s hidden states in this sentence are compared with those in the prompt; press Enter or Compare.</source>
        <translation>이 문장 속 단어의 은닉 상태를 프롬프트 속의 것과 비교합니다. Enter나 비교를 누르세요.</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>비교</translation>
    </message>
    <message>
        <source>Word:</source>
        <translation>단어:</translation>
    </message>
    <message>
        <source>in:</source>
        <translation>문장:</translation>
    </message>
    <message>
        <source>Showing the example “%1” in two senses. Pick a word of the prompt and type a second sentence that uses it.</source>
        <translation>두 가지 뜻의 예 “%1”을 보여 줍니다. 프롬프트의 한 단어를 고르고 그 단어를 쓰는 두 번째 문장을 입력하세요.</translation>
    </message>
    <message>
        <source>“%1” is not in the second sentence: showing the example “%2” instead.</source>
        <translation>“%1”이(가) 두 번째 문장에 없습니다: 대신 예 “%2”을(를) 보여 줍니다.</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>설정(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>언어(&amp;L)</translation>
    </message>
    <message>
        <source>System Language</source>
        <translation>시스템 언어</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <source>Open &amp;Model Folder…</source>
        <translation>모델 폴더 열기(&amp;M)…</translation>
    </message>
    <message>
        <source>A Hugging Face folder with config.json, model.safetensors and tokenizer.json.</source>
        <translation>config.json, model.safetensors, tokenizer.json이 든 Hugging Face 폴더.</translation>
    </message>
    <message>
        <source>Open Model &amp;File (GGUF, llama2.c)…</source>
        <translation>모델 파일 열기(&amp;F) (GGUF, llama2.c)…</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>최근 항목 열기(&amp;R)</translation>
    </message>
    <message>
        <source>Open &amp;Session…</source>
        <translation>세션 열기(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Save Session…</source>
        <translation>세션 저장(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Export View…</source>
        <translation>뷰 내보내기(&amp;E)…</translation>
    </message>
    <message>
        <source>Caption on Exported &amp;Images</source>
        <translation>내보낸 이미지에 설명 달기(&amp;I)</translation>
    </message>
    <message>
        <source>Write the view, its settings, the model and the start of the prompt above every exported image.</source>
        <translation>내보내는 모든 이미지 위에 뷰, 그 설정, 모델, 프롬프트의 앞부분을 적습니다.</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>끝내기(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Examples</source>
        <translation>예제(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>키보드 단축키(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;About Glassbox</source>
        <translation>Glassbox 정보(&amp;A)</translation>
    </message>
    <message>
        <source>Open a model folder</source>
        <translation>모델 폴더 열기</translation>
    </message>
    <message>
        <source>Open a model file</source>
        <translation>모델 파일 열기</translation>
    </message>
    <message>
        <source>Model files (*.gguf *.bin);;GGUF models (*.gguf);;llama2.c checkpoints (*.bin);;All files (*)</source>
        <translation>모델 파일 (*.gguf *.bin);;GGUF 모델 (*.gguf);;llama2.c 체크포인트 (*.bin);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>%1  —  %2</source>
        <translation>%1  —  %2</translation>
    </message>
    <message>
        <source>Open session</source>
        <translation>세션 열기</translation>
    </message>
    <message>
        <source>Glassbox sessions (*.json)</source>
        <translation>Glassbox 세션 (*.json)</translation>
    </message>
    <message>
        <source>Save session</source>
        <translation>세션 저장</translation>
    </message>
    <message>
        <source>session.glassbox.json</source>
        <translation>session.glassbox.json</translation>
    </message>
    <message>
        <source>About Glassbox</source>
        <translation>Glassbox 정보</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Glassbox %1&lt;/h3&gt;&lt;p&gt;Opens a transformer language model like a glass box: how text becomes tokens, what the model expects next, and how temperature, top-k and top-p reshape that expectation.&lt;/p&gt;&lt;p&gt;Everything runs on this computer with Glassbox&apos;s own inference engine.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Glassbox %1&lt;/h3&gt;&lt;p&gt;트랜스포머 언어 모델을 유리 상자처럼 열어 보입니다: 텍스트가 어떻게 토큰이 되는지, 모델이 다음에 무엇을 예상하는지, 그리고 온도(temperature), top-k, top-p가 그 예상을 어떻게 바꾸는지.&lt;/p&gt;&lt;p&gt;모든 계산은 Glassbox 자체 추론 엔진으로 이 컴퓨터에서 실행됩니다.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>키보드 단축키</translation>
    </message>
    <message>
        <source>&lt;table cellpadding=&apos;3&apos;&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+O&lt;/b&gt;&lt;/td&gt;&lt;td&gt;Open a model folder&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+Shift+O&lt;/b&gt;&lt;/td&gt;&lt;td&gt;Open a llama2.c checkpoint&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+S&lt;/b&gt;&lt;/td&gt;&lt;td&gt;Save the session&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+E&lt;/b&gt;&lt;/td&gt;&lt;td&gt;Export the focused view&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+Enter&lt;/b&gt;&lt;/td&gt;&lt;td&gt;Generate one token (Step)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Alt+1 … Alt+7&lt;/b&gt;&lt;/td&gt;&lt;td&gt;Show or hide Tokens, Next token, Generation, Model, Attention, Embeddings, Positions&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Examples&lt;/b&gt;&lt;/td&gt;&lt;td&gt;Prompts grouped by the idea each one shows; choosing one brings its view forward&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+Q&lt;/b&gt;&lt;/td&gt;&lt;td&gt;Quit&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</source>
        <translation>&lt;table cellpadding=&apos;3&apos;&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+O&lt;/b&gt;&lt;/td&gt;&lt;td&gt;모델 폴더 열기&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+Shift+O&lt;/b&gt;&lt;/td&gt;&lt;td&gt;llama2.c 체크포인트 열기&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+S&lt;/b&gt;&lt;/td&gt;&lt;td&gt;세션 저장&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+E&lt;/b&gt;&lt;/td&gt;&lt;td&gt;선택된 뷰 내보내기&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+Enter&lt;/b&gt;&lt;/td&gt;&lt;td&gt;토큰 하나 생성 (한 걸음)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Alt+1 … Alt+7&lt;/b&gt;&lt;/td&gt;&lt;td&gt;토큰, 다음 토큰, 생성, 모델, 어텐션, 임베딩, 위치 뷰 보이기/숨기기&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;예제&lt;/b&gt;&lt;/td&gt;&lt;td&gt;보여 주는 개념별로 묶은 프롬프트. 하나를 고르면 해당 뷰가 앞으로 나옵니다&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+Q&lt;/b&gt;&lt;/td&gt;&lt;td&gt;끝내기&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</translation>
    </message>
    <message>
        <source>After “%1” (token %2 of %3): what the model predicted</source>
        <translation>“%1” 다음 (토큰 %2/%3): 모델이 예측한 것</translation>
    </message>
    <message>
        <source>▶ marks the token that really came next in the prompt.</source>
        <translation>▶는 프롬프트에서 실제로 다음에 온 토큰을 표시합니다.</translation>
    </message>
    <message>
        <source>After “%1”, the last token: what comes next?</source>
        <translation>마지막 토큰 “%1” 다음: 무엇이 올까?</translation>
    </message>
    <message>
        <source>Generation step %1, the latest</source>
        <translation>생성 단계 %1, 최신</translation>
    </message>
    <message>
        <source>Generation step %1</source>
        <translation>생성 단계 %1</translation>
    </message>
    <message>
        <source>Click a bar to continue with that token instead (the old continuation is kept as a branch).</source>
        <translation>막대를 클릭하면 대신 그 토큰으로 이어 씁니다 (이전 이어쓰기는 가지로 남습니다).</translation>
    </message>
    <message>
        <source>Click a generated token in the Generation view first, then a bar to branch from it.</source>
        <translation>먼저 생성 뷰에서 생성된 토큰을 클릭한 다음, 막대를 클릭하면 거기서 가지를 칩니다.</translation>
    </message>
    <message>
        <source>Could not save the session</source>
        <translation>세션을 저장할 수 없습니다</translation>
    </message>
    <message>
        <source>Session saved to %1</source>
        <translation>세션을 %1에 저장했습니다</translation>
    </message>
    <message>
        <source>Could not open the session</source>
        <translation>세션을 열 수 없습니다</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Stop loading this model; the previous one stays.</source>
        <translation>이 모델 불러오기를 멈춥니다. 이전 모델은 그대로 남습니다.</translation>
    </message>
    <message>
        <source>%1 has no tokenizer beside it.</source>
        <translation>%1 옆에 토크나이저가 없습니다.</translation>
    </message>
    <message>
        <source>%1 has no tokenizer beside it: pass --tokenizer PATH</source>
        <translation>%1 옆에 토크나이저가 없습니다: --tokenizer PATH를 주세요</translation>
    </message>
    <message>
        <source>Choose the tokenizer of %1</source>
        <translation>%1의 토크나이저 고르기</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;%1&lt;/b&gt; has no tokenizer beside it (a &lt;b&gt;tokenizer.json&lt;/b&gt; in the model folder, or &lt;b&gt;tokenizer.bin&lt;/b&gt; beside a llama2.c checkpoint).&lt;/p&gt;&lt;p&gt;Choose the tokenizer file that belongs to this model: it turns text into the token ids the model was trained on.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;%1&lt;/b&gt; 옆에 토크나이저가 없습니다 (모델 폴더 안의 &lt;b&gt;tokenizer.json&lt;/b&gt;, 또는 llama2.c 체크포인트 옆의 &lt;b&gt;tokenizer.bin&lt;/b&gt;).&lt;/p&gt;&lt;p&gt;이 모델에 맞는 토크나이저 파일을 고르세요: 토크나이저는 텍스트를 모델이 학습한 토큰 id로 바꿉니다.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Choose Tokenizer File…</source>
        <translation>토크나이저 파일 고르기…</translation>
    </message>
    <message>
        <source>Choose the tokenizer</source>
        <translation>토크나이저 고르기</translation>
    </message>
    <message>
        <source>Tokenizers (tokenizer.json *.json *.bin);;All files (*)</source>
        <translation>토크나이저 (tokenizer.json *.json *.bin);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>No model</source>
        <translation>모델 없음</translation>
    </message>
    <message>
        <source>Glassbox — %1</source>
        <translation>Glassbox — %1</translation>
    </message>
    <message>
        <source>Glassbox</source>
        <translation>Glassbox</translation>
    </message>
    <message numerus="yes">
        <source>%n token(s) · running…</source>
        <translation>
            <numerusform>토큰 %n개 · 실행 중…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n token(s)</source>
        <translation>
            <numerusform>토큰 %n개</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;h2&gt;No model loaded&lt;/h2&gt;&lt;p&gt;Glassbox runs a real transformer language model on your computer and shows what happens inside it.&lt;/p&gt;&lt;p&gt;Open a Hugging Face model folder (config.json, model.safetensors, tokenizer.json), a GGUF file (its tokenizer is inside it) or a llama2.c checkpoint (.bin with its tokenizer beside it), or drop one on this window.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;불러온 모델이 없습니다&lt;/h2&gt;&lt;p&gt;Glassbox는 실제 트랜스포머 언어 모델을 이 컴퓨터에서 실행하고 그 안에서 일어나는 일을 보여 줍니다.&lt;/p&gt;&lt;p&gt;Hugging Face 모델 폴더(config.json, model.safetensors, tokenizer.json), GGUF 파일(토크나이저가 안에 들어 있음) 또는 llama2.c 체크포인트(.bin, 옆에 토크나이저)를 열거나, 이 창에 끌어다 놓으세요.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>%1&lt;p style=&apos;color:#b91c1c&apos;&gt;%2&lt;/p&gt;</source>
        <translation>%1&lt;p style=&apos;color:#b91c1c&apos;&gt;%2&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Open a model to see how it splits text into tokens.</source>
        <translation>모델을 열면 텍스트를 어떻게 토큰으로 나누는지 보입니다.</translation>
    </message>
    <message>
        <source>Open Model Folder…</source>
        <translation>모델 폴더 열기…</translation>
    </message>
    <message>
        <source>Open llama2.c File…</source>
        <translation>llama2.c 파일 열기…</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>토큰</translation>
    </message>
    <message>
        <source>Next token</source>
        <translation>다음 토큰</translation>
    </message>
    <message>
        <source>Generation</source>
        <translation>생성</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>모델</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>%1 불러오는 중…</translation>
    </message>
    <message>
        <source>Could not open the model</source>
        <translation>모델을 열 수 없습니다</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>Could not open the tokenizer</source>
        <translation>토크나이저를 열 수 없습니다</translation>
    </message>
    <message>
        <source>forward %1 ms</source>
        <translation>순전파(forward) %1 ms</translation>
    </message>
    <message numerus="yes">
        <source>The prompt is longer than the model&apos;s context: the last %n token(s) were not run.</source>
        <translation>
            <numerusform>프롬프트가 모델의 컨텍스트보다 깁니다: 마지막 토큰 %n개는 실행되지 않았습니다.</numerusform>
        </translation>
    </message>
    <message>
        <source>The autosaved session could not be read (%1); it was kept as %2.</source>
        <translation>자동 저장된 세션을 읽을 수 없습니다 (%1). %2(으)로 보관했습니다.</translation>
    </message>
    <message>
        <source>no model: pass --model PATH</source>
        <translation>모델 없음: --model PATH를 주세요</translation>
    </message>
    <message>
        <source>Open &amp;Lesson…</source>
        <translation>수업 열기(&amp;L)…</translation>
    </message>
    <message>
        <source>A lesson file in the format of resources/lessons/lesson_en.json.</source>
        <translation>resources/lessons/lesson_en.json 형식의 수업 파일.</translation>
    </message>
    <message>
        <source>&amp;Lesson: How a Language Model Works</source>
        <translation>수업(&amp;L): 언어 모델은 어떻게 동작하는가</translation>
    </message>
    <message>
        <source>Could not open the lesson</source>
        <translation>수업을 열 수 없습니다</translation>
    </message>
    <message>
        <source>Open a lesson</source>
        <translation>수업 열기</translation>
    </message>
    <message>
        <source>Glassbox lessons (*.json)</source>
        <translation>Glassbox 수업 (*.json)</translation>
    </message>
    <message>
        <source>Lesson</source>
        <translation>수업</translation>
    </message>
    <message>
        <source>%1: could not write the PNG</source>
        <translation>%1: PNG를 쓸 수 없습니다</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>아키텍처</translation>
    </message>
    <message>
        <source>Feed-forward</source>
        <translation>피드포워드</translation>
    </message>
    <message>
        <source>Logit lens</source>
        <translation>로짓 렌즈</translation>
    </message>
    <message>
        <source>Logits</source>
        <translation>로짓</translation>
    </message>
    <message>
        <source>Cross-attention: each output token over the input</source>
        <translation>교차 어텐션: 각 출력 토큰이 입력을 보는 방식</translation>
    </message>
    <message>
        <source>Encoder self-attention: the input over itself, both ways</source>
        <translation>인코더 셀프 어텐션: 입력이 자기 자신을 양방향으로 보는 방식</translation>
    </message>
    <message>
        <source>Decoder self-attention: the output over what it wrote before</source>
        <translation>디코더 셀프 어텐션: 출력이 앞서 쓴 토큰을 보는 방식</translation>
    </message>
    <message>
        <source>An encoder-decoder attends three ways: the encoder&apos;s tokens to each other, the decoder&apos;s tokens to earlier output tokens, and each output token to the encoded input (cross-attention).</source>
        <translation>인코더-디코더는 세 가지로 어텐션합니다. 인코더의 토큰끼리, 디코더의 토큰이 앞선 출력 토큰에, 그리고 각 출력 토큰이 인코딩된 입력에(교차 어텐션).</translation>
    </message>
    <message>
        <source>Stream:</source>
        <translation>종류:</translation>
    </message>
    <message>
        <source>Type the input: the encoder reads all of it at once.</source>
        <translation>입력을 입력하세요. 인코더는 전체를 한 번에 읽습니다.</translation>
    </message>
    <message>
        <source>The decoder&apos;s start token: output position 0</source>
        <translation>디코더의 시작 토큰: 출력 위치 0</translation>
    </message>
    <message>
        <source>Forced output token %1</source>
        <translation>강제된 출력 토큰 %1</translation>
    </message>
    <message>
        <source>Generated at step %1 (press Keep to trace it)</source>
        <translation>%1단계에서 생성됨 (추적하려면 유지를 누르세요)</translation>
    </message>
    <message>
        <source>Output after “%1” (decoder token %2 of %3): what the decoder predicted</source>
        <translation>출력 “%1” 다음 (디코더 토큰 %3개 중 %2번째): 디코더가 예측한 것</translation>
    </message>
    <message>
        <source>▶ marks the token the forced output really has next.</source>
        <translation>▶ 표시는 강제된 출력에서 실제로 다음에 오는 토큰입니다.</translation>
    </message>
    <message>
        <source>Output after “%1”: what does the decoder write next?</source>
        <translation>출력 “%1” 다음: 디코더는 무엇을 쓸까요?</translation>
    </message>
    <message>
        <source>Output token %1 “%2” attends most to input token %3 “%4” (%5, layer %6)</source>
        <translation>출력 토큰 %1 “%2”은(는) 입력 토큰 %3 “%4”에 가장 많이 어텐션합니다 (%5, 레이어 %6)</translation>
    </message>
    <message>
        <source>%1: could not create the folder</source>
        <translation>%1: 폴더를 만들 수 없습니다</translation>
    </message>
    <message>
        <source>Model: %1 · %2</source>
        <translation>모델: %1 · %2</translation>
    </message>
    <message>
        <source>Encoder output: one vector per input token, layer by layer</source>
        <translation>인코더 출력: 입력 토큰마다 벡터 하나, 레이어별로</translation>
    </message>
    <message>
        <source>The input has no next token: click a token of the output (right) to see what the decoder predicted there.</source>
        <translation>입력에는 다음 토큰이 없습니다. 오른쪽 출력의 토큰을 클릭하면 디코더가 그 자리에서 예측한 것을 볼 수 있습니다.</translation>
    </message>
    <message>
        <source>Masked token</source>
        <translation>마스크된 토큰</translation>
    </message>
    <message>
        <source>Classification</source>
        <translation>분류</translation>
    </message>
    <message>
        <source>Similarity</source>
        <translation>유사도</translation>
    </message>
    <message>
        <source>Mask the Selected Text</source>
        <translation>선택한 텍스트 가리기</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>A decoder predicts the next token, not a masked one: open an encoder (BERT, RoBERTa) to fill in masked words.</source>
        <translation>디코더는 가려진 토큰이 아니라 다음 토큰을 예측합니다. 가려진 단어를 채우려면 인코더(BERT, RoBERTa)를 여세요.</translation>
    </message>
    <message>
        <source>Classification needs an encoder with a classification head (for example a sentiment or an entity model).</source>
        <translation>분류에는 분류 헤드가 있는 인코더가 필요합니다(예: 감성 모델이나 개체명 모델).</translation>
    </message>
    <message>
        <source>Sentence similarity needs an encoder that embeds text (BERT, a sentence-transformers folder).</source>
        <translation>문장 유사도에는 글을 임베딩하는 인코더가 필요합니다(BERT, sentence-transformers 폴더).</translation>
    </message>
    <message>
        <source>This encoder has no masked-LM head: open a …ForMaskedLM checkpoint to fill in masked words.</source>
        <translation>이 인코더에는 마스크 언어 모델 헤드가 없습니다. 가려진 단어를 채우려면 …ForMaskedLM 체크포인트를 여세요.</translation>
    </message>
    <message>
        <source>An encoder does not generate text: every token sees the whole sentence at once. Mask a word instead (click its chip in Tokens).</source>
        <translation>인코더는 글을 생성하지 않습니다. 모든 토큰이 문장 전체를 한꺼번에 봅니다. 대신 단어를 가려 보세요(토큰 보기에서 그 칩을 클릭).</translation>
    </message>
    <message>
        <source>An encoder has no next token: mask a word to see what it predicts (click a token in Tokens, or type [MASK]); the Masked token view shows the distribution.</source>
        <translation>인코더에는 다음 토큰이 없습니다. 단어를 가려서 무엇을 예측하는지 보세요(토큰 보기에서 토큰을 클릭하거나 [MASK]를 입력). 마스크된 토큰 보기에 분포가 나옵니다.</translation>
    </message>
    <message>
        <source>This tokenizer has no mask token ([MASK] or &lt;mask&gt;).</source>
        <translation>이 토크나이저에는 마스크 토큰([MASK] 또는 &lt;mask&gt;)이 없습니다.</translation>
    </message>
    <message>
        <source>“%1” is a special token the tokenizer adds; click a word to mask it.</source>
        <translation>“%1”은 토크나이저가 넣는 특수 토큰입니다. 가리려면 단어를 클릭하세요.</translation>
    </message>
    <message>
        <source>Masking words is for encoder models (BERT, RoBERTa): a decoder predicts the next token instead.</source>
        <translation>단어 가리기는 인코더 모델(BERT, RoBERTa)용입니다. 디코더는 대신 다음 토큰을 예측합니다.</translation>
    </message>
    <message>
        <source>Select a word in the prompt first, then press Ctrl+M to mask it.</source>
        <translation>먼저 프롬프트에서 단어를 선택한 뒤 Ctrl+M을 눌러 가리세요.</translation>
    </message>
</context>
<context>
    <name>glassbox::MaskedTokenView</name>
    <message>
        <source>Each mask has its own distribution: choose which one the chart shows.</source>
        <translation>마스크마다 분포가 따로 있습니다. 차트에 보일 마스크를 고르세요.</translation>
    </message>
    <message>
        <source>Type a sentence with [MASK] (or &lt;mask&gt;) in it, or click a token in Tokens to mask it: the chart shows what the model would put there.</source>
        <translation>[MASK](또는 &lt;mask&gt;)가 들어간 문장을 입력하거나, 토큰 보기에서 토큰을 클릭해 가리세요. 차트에 모델이 그 자리에 넣을 것이 나옵니다.</translation>
    </message>
    <message>
        <source>Mask %1 (token %2)</source>
        <translation>마스크 %1 (토큰 %2)</translation>
    </message>
    <message>
        <source>Mask %1 of %2 (token %3): what the model would put there</source>
        <translation>마스크 %1/%2 (토큰 %3): 모델이 그 자리에 넣을 것</translation>
    </message>
    <message>
        <source>The mask (token %1): what the model would put there</source>
        <translation>마스크 (토큰 %1): 모델이 그 자리에 넣을 것</translation>
    </message>
    <message>
        <source>▶ marks the word you masked. The model reads the whole sentence, both sides of the mask.</source>
        <translation>▶는 가린 단어를 표시합니다. 모델은 마스크 양쪽, 문장 전체를 읽습니다.</translation>
    </message>
    <message>
        <source>The model reads the whole sentence, both sides of the mask.</source>
        <translation>모델은 마스크 양쪽, 문장 전체를 읽습니다.</translation>
    </message>
    <message>
        <source>Filled in: %1</source>
        <translation>채운 문장: %1</translation>
    </message>
    <message>
        <source>Masked token</source>
        <translation>마스크된 토큰</translation>
    </message>
    <message>
        <source>Masked token, %1 (%2)</source>
        <translation>마스크된 토큰, %1 (%2)</translation>
    </message>
</context>
<context>
    <name>glassbox::ModelInfoView</name>
    <message numerus="yes">
        <source>%1: %n tensor(s), %2 bits per weight</source>
        <translation>
            <numerusform>%1: 텐서 %n개, 가중치당 %2비트</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 — %2, %3 bits per weight, [%4]</source>
        <translation>%1 — %2, 가중치당 %3비트, [%4]</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>아키텍처</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>파라미터</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>레이어</translation>
    </message>
    <message>
        <source>Attention heads</source>
        <translation>어텐션 헤드</translation>
    </message>
    <message>
        <source>%1 query, %2 key/value (grouped)</source>
        <translation>쿼리 %1개, 키/값 %2개 (그룹)</translation>
    </message>
    <message>
        <source>Model width (d_model)</source>
        <translation>모델 너비 (d_model)</translation>
    </message>
    <message>
        <source>Head size</source>
        <translation>헤드 크기</translation>
    </message>
    <message>
        <source>MLP hidden size</source>
        <translation>MLP 은닉 크기</translation>
    </message>
    <message>
        <source>Vocabulary</source>
        <translation>어휘 (vocabulary)</translation>
    </message>
    <message>
        <source>Context length</source>
        <translation>컨텍스트 길이</translation>
    </message>
    <message>
        <source>Family</source>
        <translation>계열</translation>
    </message>
    <message>
        <source>Positions</source>
        <translation>위치</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>가중치</translation>
    </message>
    <message>
        <source>%1, %2, %3</source>
        <translation>%1, %2, %3</translation>
    </message>
    <message>
        <source>File</source>
        <translation>파일</translation>
    </message>
    <message>
        <source>Tokenizer</source>
        <translation>토크나이저</translation>
    </message>
    <message>
        <source>Load time</source>
        <translation>불러온 시간</translation>
    </message>
    <message>
        <source>Kernels</source>
        <translation>커널</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>Tensor types</source>
        <translation>텐서 형식</translation>
    </message>
    <message>
        <source>Tensors</source>
        <translation>텐서</translation>
    </message>
    <message>
        <source>Last forward</source>
        <translation>마지막 순전파</translation>
    </message>
    <message>
        <source>%1 tokens in %2 ms</source>
        <translation>토큰 %1개, %2 ms</translation>
    </message>
    <message>
        <source>&lt;p style=&apos;color:gray&apos;&gt;No model loaded. Use &lt;b&gt;File ▸ Open Model Folder…&lt;/b&gt; or drop a model folder or .bin file on the window.&lt;/p&gt;</source>
        <translation>&lt;p style=&apos;color:gray&apos;&gt;불러온 모델이 없습니다. &lt;b&gt;파일 ▸ 모델 폴더 열기…&lt;/b&gt;를 쓰거나 모델 폴더 또는 .bin 파일을 창에 끌어다 놓으세요.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>모델</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>모델: %1</translation>
    </message>
</context>
<context>
    <name>glassbox::ModelWorker</name>
    <message>
        <source>Encoder output: one vector per input token</source>
        <translation>인코더 출력: 입력 토큰마다 벡터 하나</translation>
    </message>
    <message>
        <source>encoder output (after its final norm): what cross-attention reads</source>
        <translation>인코더 출력 (최종 정규화 뒤): 교차 어텐션이 읽는 것</translation>
    </message>
</context>
<context>
    <name>glassbox::NextTokenChart</name>
    <message>
        <source>untouched softmax (T = 1)</source>
        <translation>손대지 않은 소프트맥스 (T = 1)</translation>
    </message>
    <message>
        <source>after the sampler chain</source>
        <translation>샘플러 체인 적용 후</translation>
    </message>
    <message>
        <source>what came next (▶)</source>
        <translation>실제로 다음에 온 것 (▶)</translation>
    </message>
    <message>
        <source>cumulative p seen by top-p (upper panel)</source>
        <translation>top-p가 보는 누적 p (위 패널)</translation>
    </message>
    <message>
        <source>probability</source>
        <translation>확률</translation>
    </message>
    <message>
        <source>cumulative p</source>
        <translation>누적 p</translation>
    </message>
    <message>
        <source>%1
%2</source>
        <translation>%1
%2</translation>
    </message>
    <message>
        <source>Next token</source>
        <translation>다음 토큰</translation>
    </message>
    <message>
        <source>Type a prompt: the bars show what the model expects to come next.</source>
        <translation>프롬프트를 입력하세요: 막대가 모델이 다음에 올 것으로 예상하는 토큰을 보여 줍니다.</translation>
    </message>
    <message>
        <source>entropy %1 nats (untouched %2)   ·   %3 of %4 tokens survive the chain</source>
        <translation>엔트로피 %1 nats (원래 %2)   ·   토큰 %4개 중 %3개가 체인을 통과</translation>
    </message>
    <message>
        <source>%1
what came next: “%2”, rank %3, p = %4 %</source>
        <translation>%1
실제로 다음에 온 것: “%2”, 순위 %3, p = %4 %</translation>
    </message>
    <message numerus="yes">
        <source>top-p = %1 keeps %n token(s)</source>
        <translation>
            <numerusform>top-p = %1이(가) 토큰 %n개를 남김</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>top-p = %1 keeps %n token(s): the cut is beyond the %2 bars shown →</source>
        <translation>
            <numerusform>top-p = %1이(가) 토큰 %n개를 남김: 자르는 지점은 보이는 막대 %2개 너머 →</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>glassbox::NextTokenView</name>
    <message>
        <source>Chart</source>
        <translation>차트</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>표</translation>
    </message>
    <message>
        <source>Next token</source>
        <translation>다음 토큰</translation>
    </message>
    <message>
        <source>Next token, %1 (%2)</source>
        <translation>다음 토큰, %1 (%2)</translation>
    </message>
</context>
<context>
    <name>glassbox::OutputPane</name>
    <message>
        <source>&lt;b&gt;Output&lt;/b&gt; (decoder)</source>
        <translation>&lt;b&gt;출력&lt;/b&gt; (디코더)</translation>
    </message>
    <message>
        <source>The decoder writes the output one token at a time, starting from its start token; each token looks back at the input through cross-attention.</source>
        <translation>디코더는 시작 토큰에서 출발해 출력을 한 토큰씩 씁니다. 각 토큰은 교차 어텐션으로 입력을 되돌아봅니다.</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>한 단계</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>생성</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>정지</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>유지</translation>
    </message>
    <message>
        <source>Add the generated tokens to the forced output, so that the attention views show how the model read them.</source>
        <translation>생성된 토큰을 강제된 출력에 더해, 모델이 그 토큰을 어떻게 읽었는지 어텐션 보기에서 보여 줍니다.</translation>
    </message>
    <message>
        <source>Type the output to force it (teacher forcing), or generate it</source>
        <translation>출력을 입력해 강제하거나(교사 강요), 생성하세요</translation>
    </message>
    <message>
        <source>Type an input on the left.</source>
        <translation>왼쪽에 입력을 입력하세요.</translation>
    </message>
</context>
<context>
    <name>glassbox::PositionsView</name>
    <message>
        <source>Positions</source>
        <translation>위치</translation>
    </message>
    <message>
        <source>Positions: rotary embeddings (RoPE) and the sinusoidal encoding</source>
        <translation>위치: 회전 위치 임베딩(RoPE)과 사인파 인코딩</translation>
    </message>
    <message>
        <source>Positions: learned position embeddings and the sinusoidal encoding</source>
        <translation>위치: 학습된 위치 임베딩과 사인파 인코딩</translation>
    </message>
    <message>
        <source>Why positions at all? Self-attention is permutation-invariant: shuffle the tokens and each one gets the same attention output, so “dog bites man” and “man bites dog” would look alike. Order has to be injected — added to the embeddings as vectors (learned in GPT-2, sinusoidal in the original Transformer) or rotated into queries and keys (RoPE in Llama).</source>
        <translation>위치는 왜 필요할까? 셀프 어텐션(self-attention)은 순서에 무관합니다(permutation-invariant): 토큰을 섞어도 각 토큰의 어텐션 출력은 같으므로 “dog bites man”과 “man bites dog”이 똑같아 보입니다. 그래서 순서를 넣어 주어야 합니다 — 임베딩에 벡터로 더하거나(GPT-2는 학습된 위치 임베딩, 원래 트랜스포머는 사인파), 쿼리와 키에 회전으로 넣습니다(Llama의 RoPE).</translation>
    </message>
    <message>
        <source>Cosine between learned positions: nearby ones look alike (neighbours %1, far apart %2)</source>
        <translation>학습된 위치 사이의 코사인: 가까운 위치끼리 닮았습니다 (이웃 %1, 먼 위치 %2)</translation>
    </message>
    <message>
        <source>Cosine between sinusoidal positions: nearby ones look alike (neighbours %1, far apart %2)</source>
        <translation>사인파 위치 사이의 코사인: 가까운 위치끼리 닮았습니다 (이웃 %1, 먼 위치 %2)</translation>
    </message>
    <message>
        <source>Cosine between learned positions: neighbours no more alike than distant ones (%1 vs %2)</source>
        <translation>학습된 위치 사이의 코사인: 이웃이 먼 위치보다 더 닮지 않았습니다 (%1 대 %2)</translation>
    </message>
    <message>
        <source>Cosine between sinusoidal positions: neighbours no more alike than distant ones (%1 vs %2)</source>
        <translation>사인파 위치 사이의 코사인: 이웃이 먼 위치보다 더 닮지 않았습니다 (%1 대 %2)</translation>
    </message>
    <message>
        <source>Learned position embeddings: open a GPT-2 style model</source>
        <translation>학습된 위치 임베딩: GPT-2 방식 모델을 여세요</translation>
    </message>
    <message>
        <source>Cosine similarity between positions</source>
        <translation>위치 사이의 코사인 유사도</translation>
    </message>
    <message>
        <source>Learned position embeddings [position × channel]</source>
        <translation>학습된 위치 임베딩 [위치 × 채널]</translation>
    </message>
    <message>
        <source>channel</source>
        <translation>채널</translation>
    </message>
    <message>
        <source>position</source>
        <translation>위치</translation>
    </message>
    <message>
        <source>value</source>
        <translation>값</translation>
    </message>
    <message>
        <source>cosine</source>
        <translation>코사인</translation>
    </message>
    <message>
        <source>RoPE: rotation per position of each dimension pair (θ = %1, head dim %2)</source>
        <translation>RoPE: 차원 쌍마다 위치당 회전 (θ = %1, 헤드 차원 %2)</translation>
    </message>
    <message>
        <source>RoPE: rotation per position of each dimension pair (θ = %1, head dim %2, %3 scaling)</source>
        <translation>RoPE: 차원 쌍마다 위치당 회전 (θ = %1, 헤드 차원 %2, %3 스케일링)</translation>
    </message>
    <message>
        <source>radians per position</source>
        <translation>위치당 라디안</translation>
    </message>
    <message>
        <source>dimension pair i (frequency θ^(−2i/D))</source>
        <translation>차원 쌍 i (주파수 θ^(−2i/D))</translation>
    </message>
    <message>
        <source>RoPE: cos(position × frequency) per dimension pair</source>
        <translation>RoPE: 차원 쌍마다 cos(위치 × 주파수)</translation>
    </message>
    <message>
        <source>dimension pair i</source>
        <translation>차원 쌍 i</translation>
    </message>
    <message>
        <source>cos angle</source>
        <translation>cos 각도</translation>
    </message>
    <message>
        <source>Sinusoidal encoding (Vaswani et al. 2017), for comparison [position × channel]</source>
        <translation>사인파 인코딩 (Vaswani et al. 2017), 비교용 [위치 × 채널]</translation>
    </message>
    <message>
        <source>channel (even: sin, odd: cos)</source>
        <translation>채널 (짝수: sin, 홀수: cos)</translation>
    </message>
</context>
<context>
    <name>glassbox::ProbabilityTableModel</name>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>토큰</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>p (T = 1)</source>
        <translation>p (T = 1)</translation>
    </message>
    <message>
        <source>p adjusted</source>
        <translation>조정된 p</translation>
    </message>
    <message>
        <source>Removed by</source>
        <translation>제거한 단계</translation>
    </message>
</context>
<context>
    <name>glassbox::PromptEditor</name>
    <message>
        <source>Type a prompt — every keystroke re-runs the model.</source>
        <translation>프롬프트를 입력하세요 — 키를 누를 때마다 모델이 다시 실행됩니다.</translation>
    </message>
</context>
<context>
    <name>glassbox::SamplingControls</name>
    <message>
        <source>Temperature divides every logit before the softmax. Below 1 the likely tokens get likelier (at 0 the model always takes the top token); above 1 the distribution flattens and rare tokens get a real chance.</source>
        <translation>온도(temperature)는 소프트맥스 전에 모든 로짓(logit)을 나눕니다. 1보다 작으면 가능성 높은 토큰이 더 유력해지고(0이면 늘 1위 토큰을 고릅니다), 1보다 크면 분포가 평평해져 드문 토큰도 실제로 뽑힐 기회를 얻습니다.</translation>
    </message>
    <message>
        <source>Top-k keeps only the k most likely tokens and renormalises; everything else becomes impossible. k = 1 is greedy decoding; k = 40 is a common choice. Unlike top-p, k does not adapt: it keeps 40 tokens whether the model is sure or guessing. Far left is off (the whole vocabulary); the slider is logarithmic, so the small values where top-k matters get most of its length, and its far right is the loaded model&apos;s vocabulary.</source>
        <translation>Top-k는 가장 가능성 높은 토큰 k개만 남기고 다시 정규화합니다. 나머지는 모두 불가능해집니다. k = 1은 그리디 디코딩이고, k = 40이 흔한 선택입니다. top-p와 달리 k는 적응하지 않습니다: 모델이 확신하든 추측하든 40개를 남깁니다. 맨 왼쪽은 꺼짐(어휘 전체)입니다. 슬라이더는 로그 눈금이라 top-k가 중요한 작은 값들이 길이의 대부분을 차지하고, 맨 오른쪽은 불러온 모델의 어휘 크기입니다.</translation>
    </message>
    <message>
        <source>Top-p (nucleus) keeps the smallest set of most likely tokens whose probabilities add up to at least p. The set is small when the model is sure and large when it is not; the chart marks where it cuts.</source>
        <translation>Top-p(뉴클리어스, nucleus)는 확률의 합이 p 이상이 되는 가장 작은 상위 토큰 집합을 남깁니다. 모델이 확신하면 집합이 작고, 그렇지 않으면 큽니다. 차트에 자르는 지점이 표시됩니다.</translation>
    </message>
    <message>
        <source>Min-p removes every token whose probability is below min-p times the probability of the most likely token, so the cut scales with the model&apos;s confidence.</source>
        <translation>Min-p는 확률이 1위 토큰 확률의 min-p배보다 낮은 토큰을 모두 없앱니다. 그래서 자르는 기준이 모델의 확신에 따라 달라집니다.</translation>
    </message>
    <message>
        <source>Repetition penalty makes tokens that already appeared in the text less likely (positive logits are divided by it, negative ones multiplied). 1 = off.</source>
        <translation>반복 페널티(repetition penalty)는 텍스트에 이미 나온 토큰의 가능성을 낮춥니다 (양수 로짓은 이 값으로 나누고, 음수 로짓은 곱합니다). 1 = 꺼짐.</translation>
    </message>
    <message>
        <source>The seed of the random draw: the same seed and settings always pick the same tokens.</source>
        <translation>무작위 추출의 시드(seed): 같은 시드와 설정이면 늘 같은 토큰을 고릅니다.</translation>
    </message>
    <message>
        <source>On: the next token is drawn at random from the adjusted distribution. Off (greedy): the single most likely token is always taken.</source>
        <translation>켜짐: 다음 토큰을 조정된 분포에서 무작위로 뽑습니다. 꺼짐(그리디): 늘 가장 가능성 높은 토큰 하나를 고릅니다.</translation>
    </message>
    <message>
        <source>How many of the most likely tokens are drawn as bars.</source>
        <translation>가능성 높은 토큰 중 몇 개를 막대로 그릴지.</translation>
    </message>
    <message>
        <source>A logarithmic probability axis shows the long tail of unlikely tokens.</source>
        <translation>로그 확률 축은 가능성 낮은 토큰들의 긴 꼬리를 보여 줍니다.</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>온도 (temperature)</translation>
    </message>
    <message>
        <source>off</source>
        <translation>꺼짐</translation>
    </message>
    <message>
        <source>Top-k</source>
        <translation>Top-k</translation>
    </message>
    <message>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <source>Min-p</source>
        <translation>Min-p</translation>
    </message>
    <message>
        <source>Repetition penalty</source>
        <translation>반복 페널티</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>시드</translation>
    </message>
    <message>
        <source>Sample (off = greedy)</source>
        <translation>샘플링 (끄면 그리디)</translation>
    </message>
    <message>
        <source>Bars shown</source>
        <translation>보이는 막대 수</translation>
    </message>
    <message>
        <source>Logarithmic scale</source>
        <translation>로그 눈금</translation>
    </message>
    <message>
        <source>greedy</source>
        <translation>그리디</translation>
    </message>
    <message>
        <source>T = %1</source>
        <translation>T = %1</translation>
    </message>
    <message>
        <source>top-k = %1</source>
        <translation>top-k = %1</translation>
    </message>
    <message>
        <source>top-p = %1</source>
        <translation>top-p = %1</translation>
    </message>
    <message>
        <source>min-p = %1</source>
        <translation>min-p = %1</translation>
    </message>
    <message>
        <source>repetition penalty %1</source>
        <translation>반복 페널티 %1</translation>
    </message>
</context>
<context>
    <name>glassbox::SimilarityView</name>
    <message>
        <source>Sentences, one per line:</source>
        <translation>문장(한 줄에 하나):</translation>
    </message>
    <message>
        <source>One sentence per line</source>
        <translation>한 줄에 한 문장</translation>
    </message>
    <message>
        <source>Open an encoder that embeds text (BERT, a sentence-transformers folder) to compare sentences.</source>
        <translation>문장을 비교하려면 글을 임베딩하는 인코더(BERT, sentence-transformers 폴더)를 여세요.</translation>
    </message>
    <message>
        <source>Write at least one sentence.</source>
        <translation>문장을 하나 이상 쓰세요.</translation>
    </message>
    <message>
        <source>Cosine of the sentences&apos; %1-pooled vectors%2; 1 = same direction, the colours span the lowest pair to 1. Line numbers label the heatmap.</source>
        <translation>문장들의 %1 풀링 벡터의 코사인%2. 1 = 같은 방향이며, 색은 가장 낮은 쌍부터 1까지입니다. 히트맵의 번호는 줄 번호입니다.</translation>
    </message>
    <message>
        <source> (normalized)</source>
        <translation> (정규화)</translation>
    </message>
    <message>
        <source>Sentence similarity (cosine): %1</source>
        <translation>문장 유사도 (코사인): %1</translation>
    </message>
</context>
<context>
    <name>glassbox::TokensView</name>
    <message>
        <source>Show ids</source>
        <translation>id 보이기</translation>
    </message>
    <message>
        <source>Show each token&apos;s number in the vocabulary under it: the model only ever sees these numbers.</source>
        <translation>각 토큰 아래에 어휘 속 번호를 보여 줍니다: 모델이 보는 것은 오직 이 숫자뿐입니다.</translation>
    </message>
    <message>
        <source>Compare…</source>
        <translation>비교…</translation>
    </message>
    <message>
        <source>Tokenize the same text with a second tokenizer side by side: one of a model you opened before, or a tokenizer.json or tokenizer.bin file.</source>
        <translation>같은 텍스트를 두 번째 토크나이저로 나란히 토큰화합니다: 전에 열었던 모델의 것, 또는 tokenizer.json이나 tokenizer.bin 파일.</translation>
    </message>
    <message>
        <source>The tokens of the prompt appear here.</source>
        <translation>프롬프트의 토큰이 여기에 나타납니다.</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%1&lt;/b&gt; tokens (+ %n padding) · %2 characters · %3 bytes · &lt;b&gt;%4&lt;/b&gt; bytes/token%5</source>
        <translation>
            <numerusform>토큰 &lt;b&gt;%1&lt;/b&gt;개 (+ 패딩 %n개) · 문자 %2개 · %3바이트 · 토큰당 &lt;b&gt;%4&lt;/b&gt;바이트%5</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%n&lt;/b&gt; token(s) · %1 characters · %2 bytes · &lt;b&gt;%3&lt;/b&gt; bytes/token%4</source>
        <translation>
            <numerusform>토큰 &lt;b&gt;%n&lt;/b&gt;개 · 문자 %1개 · %2바이트 · 토큰당 &lt;b&gt;%3&lt;/b&gt;바이트%4</numerusform>
        </translation>
    </message>
    <message>
        <source>Tokens: the prompt split by %1 and by %2</source>
        <translation>토큰: %1과(와) %2(으)로 나눈 프롬프트</translation>
    </message>
    <message>
        <source>Tokens: the prompt as the tokenizer splits it</source>
        <translation>토큰: 토크나이저가 나눈 프롬프트</translation>
    </message>
    <message>
        <source>Tokens: the prompt as the %1 tokenizer splits it</source>
        <translation>토큰: %1 토크나이저가 나눈 프롬프트</translation>
    </message>
    <message>
        <source>id %1
vocabulary form: %2
%3 of the prompt
part of the character “%4” (%5)</source>
        <translation>id %1
어휘 속 형태: %2
프롬프트의 %3
문자 “%4”의 일부 (%5)</translation>
    </message>
    <message>
        <source>id %1
vocabulary form: %2
%3 of the prompt
part of a multi-byte character</source>
        <translation>id %1
어휘 속 형태: %2
프롬프트의 %3
여러 바이트로 된 문자의 일부</translation>
    </message>
    <message>
        <source>id %1
vocabulary form: %2
%3 of the prompt</source>
        <translation>id %1
어휘 속 형태: %2
프롬프트의 %3</translation>
    </message>
</context>
</TS>
